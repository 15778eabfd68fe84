/**
 * Key persons (关键人) for the demo branch, kept apart from the generator so
 * that the generator can change without touching them. Deterministic (own
 * seeded RNG, no clock). Planted, as seed 000 describes: in about half of the
 * lost groups the decision maker changed (a new 决策者 recorded as a change
 * between imports) and the contact was seen with a competitor 3–5 months
 * before the revenue stopped; some declining groups have a poached or
 * long-uncontacted contact; a few groups have no decision maker on record.
 * And, so that the changes are not all at groups already lost: at the first
 * four early-warning groups of class A/B (precursors in the last months,
 * revenue not down yet; by group code) a change between imports a manager can
 * still act on: a new 决策者 within the signal's 90 days, a new 联络人 already
 * seen with a competitor, a 决策者 who took over 4 months ago and has not been
 * contacted since, and one more new 决策者 (`ACTIVE_STORIES`). These draw on
 * their own RNG, so every other key person stays as it was.
 */
import type { DemoBranch } from './generateDemoBranch';
import type { KeyPerson } from '../model/portfolio';
import { periodEndDate } from '../model/keyPersons';
import { addMonths } from '../util/period';
import { createRng } from '../util/random';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const GIVEN = ['建国', '海燕', '志强', '丽', '伟', '静', '军', '敏', '磊', '芳', '涛', '婷', '勇', '艳', '斌', '霞', '杰', '娟', '鹏', '红'];
const TITLES_DM = ['局长', '校长', '院长', '总经理', '董事长', '主任'];

/** A decision maker's title that fits the group's name (学校 → 校长, 医院 → 院长, …). */
function titleFor(groupName: string): string {
  if (/学|幼儿园|学校/.test(groupName)) return '校长';
  if (/医院|诊所|门诊|卫生/.test(groupName)) return '院长';
  if (/局|大队|执法队|办公室/.test(groupName)) return '局长';
  if (/集团|股份/.test(groupName)) return '董事长';
  return '总经理';
}

/** YYYY-MM-DD, `days` before a YYYY-MM-DD day (UTC). */
function minusDays(day: string, days: number): string {
  const t = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) - days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** The changes planted at active early-warning groups, in the order of their groups' codes. */
export const ACTIVE_STORIES = ['newDecisionMaker', 'poachedContact', 'notContacted', 'newDecisionMaker'] as const;
export type ActiveStory = (typeof ACTIVE_STORIES)[number];

/**
 * The groups that get ACTIVE_STORIES: early-warning groups of class A/B, by code. Exported for the
 * tests, which check that each of them is still billed at the last month and warned about.
 */
export function activeKeyPersonChangeGroups(branch: DemoBranch): { groupCode: string; story: ActiveStory }[] {
  const early = new Set(branch.planted.early);
  const codes: string[] = [];
  for (const g of branch.portfolio.groups) {
    const cls = (g.groupClass ?? 'C').toUpperCase();
    if (early.has(g.groupCode) && (cls.startsWith('A') || cls.startsWith('B'))) codes.push(g.groupCode);
  }
  codes.sort();
  const out: { groupCode: string; story: ActiveStory }[] = [];
  for (let i = 0; i < codes.length && i < ACTIVE_STORIES.length; i++) out.push({ groupCode: codes[i] as string, story: ACTIVE_STORIES[i] as ActiveStory });
  return out;
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
  plantActiveChanges(branch, out, endDay);
  return out;
}

/**
 * Rewrites the key persons of the active early-warning groups (activeKeyPersonChangeGroups) in place,
 * with their own RNG. `endDay` is the last month's last day; the 90 days are the signal's default.
 */
function plantActiveChanges(branch: DemoBranch, persons: KeyPerson[], endDay: string): void {
  const rng = createRng((branch.seed ^ 0x7c3d) >>> 0);
  const name = (): string => `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}`;
  for (const { groupCode, story } of activeKeyPersonChangeGroups(branch)) {
    const role = story === 'poachedContact' ? '联络人' : '决策者';
    const p = persons.find((k) => k.groupCode === groupCode && k.role === role);
    if (!p) continue;
    const group = branch.portfolio.groups.find((g) => g.groupCode === groupCode);
    const title = role === '决策者' ? `（${titleFor(group?.groupName ?? '')}）` : '';
    // the one who left, with the title that fits the group
    p.previousName = role === '决策者' ? `${(p.name ?? '').replace(/（.*）$/, '')}${title}` : (p.name ?? '');
    let next = `${name()}${title}`;
    while (next === p.previousName) next = `${name()}${title}`;
    p.name = next;
    if (story === 'notContacted') {
      // took over about four months ago; nobody has met the new 决策者 since
      const detected = minusDays(endDay, rng.int(120, 140));
      p.changeDetected = detected;
      p.roleSince = minusDays(detected, rng.int(5, 15));
      p.lastContactDate = minusDays(detected, rng.int(0, 5));
      p.relationshipStrength = 1;
    } else {
      // within the signal's 90 days: the change is news
      const detected = minusDays(endDay, rng.int(25, 60));
      p.changeDetected = detected;
      p.roleSince = minusDays(detected, rng.int(3, 15));
      p.lastContactDate = minusDays(endDay, rng.int(5, 20));
      p.relationshipStrength = role === '决策者' ? 1 : 2;
      if (story === 'poachedContact') p.competitorContact = true;
    }
  }
}
