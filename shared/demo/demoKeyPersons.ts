/**
 * Key persons (关键人) for the demo branch, kept apart from the generator so
 * that the generator can change without touching them. Deterministic (own
 * seeded RNG, no clock). Planted, as seed 000 describes: in about half of the
 * lost groups the decision maker changed (a new 决策者 recorded as a change
 * between imports) and the contact was seen with a competitor 3–5 months
 * before the revenue stopped; some declining groups have a poached or
 * long-uncontacted contact; a few groups have no decision maker on record.
 */
import type { DemoBranch } from './generateDemoBranch';
import type { KeyPerson } from '../model/portfolio';
import { periodEndDate } from '../model/keyPersons';
import { addMonths } from '../util/period';
import { createRng } from '../util/random';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const GIVEN = ['建国', '海燕', '志强', '丽', '伟', '静', '军', '敏', '磊', '芳', '涛', '婷', '勇', '艳', '斌', '霞', '杰', '娟', '鹏', '红'];
const TITLES_DM = ['局长', '校长', '院长', '总经理', '董事长', '主任'];

/** YYYY-MM-DD, `days` before a YYYY-MM-DD day (UTC). */
function minusDays(day: string, days: number): string {
  const t = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) - days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export function demoKeyPersons(branch: DemoBranch): KeyPerson[] {
  const rng = createRng((branch.seed ^ 0x4b9) >>> 0);
  const end = branch.periods[branch.periods.length - 1];
  if (end === undefined) return [];
  const endDay = periodEndDate(end);
  const lost = new Set(branch.planted.lost);
  const declining = new Set(branch.planted.declining);
  const name = (): string => `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}`;
  const out: KeyPerson[] = [];
  let lostSeen = 0;
  for (const g of branch.portfolio.groups) {
    const cls = (g.groupClass ?? 'C').toUpperCase();
    const big = cls.startsWith('A') || cls.startsWith('B');
    const recent = (): string => minusDays(endDay, rng.int(5, 60));
    const dm: KeyPerson = {
      groupCode: g.groupCode,
      role: '决策者',
      name: `${name()}（${rng.pick(TITLES_DM)}）`,
      relationshipStrength: big ? rng.int(3, 5) : rng.int(2, 4),
      lastContactDate: recent(),
      competitorContact: false,
      roleSince: minusDays(endDay, rng.int(400, 2000)),
    };
    const contact: KeyPerson = { groupCode: g.groupCode, role: '联络人', name: name(), relationshipStrength: rng.int(2, 5), lastContactDate: recent(), competitorContact: false, roleSince: null };
    const list: KeyPerson[] = [];
    if (lost.has(g.groupCode)) {
      lostSeen++;
      if (lostSeen % 2 === 1) {
        // the decision maker changed and the contact met the competitor before the loss
        const monthsBefore = rng.int(5, 7);
        const changed = periodEndDate(addMonths(end, -monthsBefore));
        dm.previousName = `${name()}（${rng.pick(TITLES_DM)}）`;
        dm.changeDetected = changed;
        dm.roleSince = minusDays(changed, rng.int(5, 25));
        dm.relationshipStrength = 1;
        dm.lastContactDate = minusDays(changed, rng.int(0, 10));
        contact.competitorContact = true;
        contact.lastContactDate = minusDays(changed, rng.int(30, 90));
      }
      list.push(dm, contact);
    } else if (declining.has(g.groupCode) && rng.next() < 0.5) {
      if (rng.next() < 0.5) contact.competitorContact = true;
      else contact.lastContactDate = minusDays(endDay, rng.int(95, 200));
      list.push(dm, contact);
    } else if (!big && rng.next() < 0.04) {
      list.push(contact); // no decision maker on record
    } else {
      list.push(dm, contact);
    }
    if (big) list.push({ groupCode: g.groupCode, role: '技术负责人', name: name(), relationshipStrength: rng.int(2, 5), lastContactDate: recent(), competitorContact: false, roleSince: null });
    for (const p of list) out.push(p);
  }
  return out;
}
