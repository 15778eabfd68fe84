/**
 * 关键人 (key persons, docs/domain.md §2, seed 000): role names, how an import of key
 * persons merges with the ones already recorded, and the change between two
 * imports (someone else in a role: a new 决策者) that the warning list shows.
 * Pure; `current` is never mutated.
 */
import type { LocalText } from './trace';
import type { KeyPerson } from './portfolio';
import { periodIndex } from '../util/period';

export const KEY_PERSON_ROLES = ['决策者', '联络人', '技术负责人', '采购负责人'] as const;
export type KeyPersonRole = (typeof KEY_PERSON_ROLES)[number];

export const ROLE_LABELS: Readonly<Record<KeyPersonRole, LocalText>> = {
  决策者: { zh: '决策者', en: 'decision maker' },
  联络人: { zh: '联络人', en: 'contact' },
  技术负责人: { zh: '技术负责人', en: 'technical lead' },
  采购负责人: { zh: '采购负责人', en: 'procurement lead' },
};

/** Words an export uses for each role (checked after removing spaces, lower case). */
const ROLE_WORDS: readonly [KeyPersonRole, readonly string[]][] = [
  ['决策者', ['决策者', '决策人', '关键决策人', '一把手', '主要领导', '领导', '负责人', 'decisionmaker', 'decision-maker', 'decider', 'head', 'director']],
  ['联络人', ['联络人', '联系人', '集团联系人', '集团联络员', '联络员', '对接人', 'contact', 'liaison']],
  ['技术负责人', ['技术负责人', '信息中心主任', '技术主管', '技术人', 'it负责人', 'cto', 'technicallead', 'tech lead', 'techlead']],
  ['采购负责人', ['采购负责人', '采购主任', '采购组主任', '采购人', '采购', 'procurement', 'procurementlead', 'purchasing', 'buyer']],
];

/** The canonical role for an exported role text (决策人 → 决策者), or null when it is none of the four. */
export function canonicalRole(text: string | null): KeyPersonRole | null {
  if (text === null) return null;
  const t = text.replace(/\s+/g, '').toLowerCase();
  if (t === '') return null;
  for (const [role, words] of ROLE_WORDS) for (const w of words) if (t === w.replace(/\s+/g, '')) return role;
  // longer phrases that contain a role word (集团决策者, 采购负责人（副）): the longest word wins
  for (const [role, w] of CONTAINS) if (t.includes(w)) return role;
  return null;
}

const CONTAINS: readonly [KeyPersonRole, string][] = ROLE_WORDS.flatMap(([role, words]) => words.map((w) => [role, w.replace(/\s+/g, '')] as [KeyPersonRole, string]))
  .filter(([, w]) => w.length >= 3)
  .sort((a, b) => b[1].length - a[1].length);

export function isDecisionMaker(p: KeyPerson): boolean {
  return canonicalRole(p.role) === '决策者';
}

/** A change seen between two imports (or an edit): someone else now holds a role. */
export interface KeyPersonChange {
  groupCode: string;
  role: string;
  /** who held the role before */
  previousName: string;
  /** who holds it now */
  name: string;
  /** YYYY-MM-DD the change was detected */
  detected: string;
  /** the new person's role-since date as stored (detected day when the file did not say) */
  roleSince: string | null;
  competitorContact: boolean | null;
}

const roleKey = (p: KeyPerson): string => canonicalRole(p.role) ?? (p.role ?? '').trim();
const nameKey = (n: string | null): string => (n ?? '').replace(/\s+/g, '');

/**
 * Merges imported key persons into the recorded ones. Every group in the
 * import gets exactly the imported list (groups not in the import keep theirs).
 * Where a role of such a group was held by someone else before, the new
 * person records the predecessor (previousName) and the day of detection
 * (`asOfDay`, the data's as-of day); a missing roleSince becomes that day, so
 * the key-person signal sees the change. A person already marked as a change
 * keeps the mark while the same person stays in the role.
 */
export function mergeKeyPersons(current: readonly KeyPerson[], incoming: readonly KeyPerson[], asOfDay: string): KeyPerson[] {
  const byGroup = new Map<string, KeyPerson[]>();
  for (const p of incoming) {
    const list = byGroup.get(p.groupCode);
    if (list) list.push(p);
    else byGroup.set(p.groupCode, [p]);
  }
  const before = new Map<string, KeyPerson[]>();
  for (const p of current) {
    if (!byGroup.has(p.groupCode)) continue;
    const list = before.get(p.groupCode);
    if (list) list.push(p);
    else before.set(p.groupCode, [p]);
  }
  const out: KeyPerson[] = [];
  for (const p of current) if (!byGroup.has(p.groupCode)) out.push(p);
  for (const [code, list] of byGroup) {
    const old = before.get(code) ?? [];
    for (const p of list) {
      const next: KeyPerson = { ...p };
      const role = roleKey(p);
      const holders = role === '' ? [] : old.filter((o) => roleKey(o) === role);
      const same = holders.find((o) => nameKey(o.name) === nameKey(p.name));
      if (same) {
        // still the same person: a change seen earlier stays visible
        if (same.previousName) next.previousName = same.previousName;
        if (same.changeDetected) next.changeDetected = same.changeDetected;
        if (next.roleSince === null && same.roleSince !== null) next.roleSince = same.roleSince;
      } else if (holders.length > 0 && nameKey(p.name) !== '') {
        const prev = holders[0] as KeyPerson;
        next.previousName = prev.name ?? '';
        next.changeDetected = asOfDay;
        if (next.roleSince === null) next.roleSince = asOfDay;
      }
      out.push(next);
    }
  }
  return out;
}

/** Every recorded change between imports, newest first (then by group code). */
export function keyPersonChanges(keyPersons: readonly KeyPerson[] | undefined): KeyPersonChange[] {
  const out: KeyPersonChange[] = [];
  for (const p of keyPersons ?? []) {
    if (!p.previousName || !p.changeDetected) continue;
    out.push({
      groupCode: p.groupCode,
      role: p.role ?? '',
      previousName: p.previousName,
      name: p.name ?? '',
      detected: p.changeDetected,
      roleSince: p.roleSince,
      competitorContact: p.competitorContact,
    });
  }
  out.sort((a, b) => (a.detected < b.detected ? 1 : a.detected > b.detected ? -1 : a.groupCode < b.groupCode ? -1 : a.groupCode > b.groupCode ? 1 : 0));
  return out;
}

/** The last day of a YYYY-MM period, as YYYY-MM-DD. */
export function periodEndDate(period: string): string {
  const i = periodIndex(period);
  const last = new Date(Date.UTC(Math.floor(i / 12), (i % 12) + 1, 0)).getUTCDate();
  return `${period}-${String(last).padStart(2, '0')}`;
}
