/** Pure helpers of the scenario screens: filter summaries, a new draft, step names, money and due dates. */
import type { Language } from '../../../../shared/api/contract';
import { actionDueDate } from '../../../../shared/scenarios/actionDue';
import { STAGE_LABELS, type Stage } from '../../../../shared/analytics/text';
import type { ScenarioDefinition, GroupFilter, ScenarioLibrary, Stat } from '../../../../shared/scenarios/types';
import { colonText, fmtShort, formatPercent, formatWan, formatYuan, parenText } from '../../../../shared/review/format';

export const STEP_KEYS = ['scope', 'moves', 'exposure', 'counters', 'simulate', 'results', 'plan'] as const;
export type StepKey = (typeof STEP_KEYS)[number];

type T = (key: string, options?: Record<string, unknown>) => string;

const ZONE_LABEL: Record<string, [string, string]> = { red: ['红', 'red'], yellow: ['黄', 'yellow'], blue: ['蓝', 'blue'], green: ['绿', 'green'], white: ['白', 'white'] };

/** One line saying which groups a filter takes, in the UI language ("行业：政府、教育 · 有异网"). */
export function describeFilter(f: GroupFilter, t: T, language: Language, cellName: (id: string) => string = (id) => id): string {
  const sep = language === 'en' ? ', ' : '、';
  const parts: string[] = [];
  const list = (key: string, values: string[] | undefined, show: (v: string) => string = (v) => v) => {
    if (values && values.length > 0) parts.push(`${t(`scenarios.filter.${key}`)}${language === 'en' ? ': ' : '：'}${values.map(show).join(sep)}`);
  };
  list('industries', f.industries);
  list('groupClasses', f.groupClasses);
  list('regions', f.regions);
  list('zones', f.zones, (z) => (ZONE_LABEL[z] ?? [z, z])[language === 'en' ? 1 : 0]);
  list('quadrantCells', f.quadrantCells, cellName);
  list('stages', f.stages, (st) => {
    const l = STAGE_LABELS[st as Stage] as (typeof STAGE_LABELS)[Stage] | undefined;
    return l ? (language === 'en' ? l.en : l.zh) : st;
  });
  if (f.competitorPresent !== undefined) parts.push(`${t('scenarios.filter.competitorPresent')}${language === 'en' ? ': ' : '：'}${t(f.competitorPresent ? 'scenarios.filter.yes' : 'scenarios.filter.no')}`);
  list('competitors', f.competitors);
  if (f.contractEndWithinMonths !== undefined) parts.push(`${t('scenarios.filter.contractEnd')} ${t('scenarios.filter.months', { n: f.contractEndWithinMonths })}`);
  if (f.minMembers !== undefined) parts.push(`${t('scenarios.filter.minMembers')} ${f.minMembers}`);
  if (f.maxMembers !== undefined) parts.push(`${t('scenarios.filter.maxMembers')} ${f.maxMembers}`);
  if (f.sanGao !== undefined) parts.push(`${t('scenarios.filter.sanGao')}${language === 'en' ? ': ' : '：'}${t(f.sanGao ? 'scenarios.filter.yes' : 'scenarios.filter.no')}`);
  if (f.groupCodes && f.groupCodes.length > 0) parts.push(t('scenarios.filter.groupCount', { count: f.groupCodes.length }));
  return parts.length === 0 ? t('scenarios.filter.none') : parts.join(' · ');
}

/** Drops empty lists and undefined fields so a filter compares and stores cleanly. */
export function cleanFilter(f: GroupFilter): GroupFilter {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return out as GroupFilter;
}

export function todayIso(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** A fresh draft: whole branch, no move yet, 4 quarters, 10,000 runs, a random seed. */
export function newDraft(name: string, seed = Math.floor(Math.random() * 1_000_000)): Omit<ScenarioDefinition, 'id' | 'createdAt' | 'updatedAt'> {
  return { name, step: 1, scope: { kind: 'branch' }, moves: [], counters: [], budget: 500_000, allocation: 'auto', spendOnGreen: false, manual: [], quarters: 4, runs: 10_000, seed, isPlan: false, note: '' };
}

/** Due date of a group's action, as the plan writes it: today + the shortest lead time of its measures, at least one month. */
export function dueDate(measureIds: readonly string[], library: ScenarioLibrary, today = new Date()): string {
  const leads: number[] = [];
  for (const id of measureIds) {
    const n = library.counters.find((c) => c.id === id)?.leadMonths;
    if (n !== undefined) leads.push(n);
  }
  return actionDueDate(leads, today);
}

/** Full 元 with thousands separators, no decimals (tables). */
export function yuan(v: number | null | undefined): string {
  return formatYuan(v);
}

/** 万元 with one decimal (cards and headlines). */
export function wan(v: number | null | undefined, language: Language): string {
  return formatWan(v, language);
}

export type MetricKey = 'revenueKept' | 'groupsLost' | 'cost' | 'netBenefit' | 'roi' | 'paybackMonth';
export const METRICS: MetricKey[] = ['revenueKept', 'groupsLost', 'cost', 'netBenefit', 'roi', 'paybackMonth'];

/** A statistic's value as the outcome table shows it. */
export function metricText(key: MetricKey, v: number | null, t: T): string {
  if (v === null || !Number.isFinite(v)) return key === 'paybackMonth' ? t('scenarios.results.never') : '—';
  if (key === 'groupsLost') return fmtShort(v, 1);
  if (key === 'roi') return formatPercent(v);
  if (key === 'paybackMonth') return fmtShort(v, 1);
  return yuan(v);
}

export function statValue(s: Stat, which: 'expected' | 'p10' | 'p50' | 'p90'): number | null {
  return s[which];
}

/** Punctuation of the UI language: full-width in Chinese, ASCII in English. */
export const colon = (language: Language): string => colonText(language);
export const paren = (text: string, language: Language): string => parenText(text, language);
