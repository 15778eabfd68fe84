/**
 * `holdfast summary` as text in the chosen language (issue 13), written with the
 * review's number formatter (shared/review/format.ts): counts with thousands
 * separators, revenue in 万元 (¥…M in English) beside full 元 with separators,
 * signed percentages.
 */
import { formatChange, formatFigure, formatYuan } from '../../shared/review/format';
import type { ReviewLanguage } from '../../shared/review/types';

export interface SummaryFigures {
  asOf: string | null;
  groups: number | null;
  activeGroups: number | null;
  latestRevenue: number | null;
  revenueTrend3m: number | null;
  top20Share: number | null;
}

export function summaryLines(workspace: string, s: SummaryFigures, lang: ReviewLanguage): string[] {
  const zh = lang === 'zh-CN';
  const count = (n: number | null): string => formatFigure(n, 'count', lang);
  const revenue = s.latestRevenue === null ? '—' : zh ? `${formatFigure(s.latestRevenue, 'wan', lang)}（${formatYuan(s.latestRevenue)} 元）` : `${formatFigure(s.latestRevenue, 'wan', lang)} (${formatYuan(s.latestRevenue)} yuan)`;
  const rows: [string, string][] = zh
    ? [
        ['工作区', workspace],
        ['最新月份', s.asOf ?? '—'],
        ['集团数', `${count(s.groups)}（其中本期出账 ${count(s.activeGroups)}）`],
        ['本期收入', revenue],
        ['近3月趋势', formatChange(s.revenueTrend3m, 'pct', lang)],
        ['前20%集团收入占比', formatFigure(s.top20Share, 'pct', lang)],
      ]
    : [
        ['Workspace', workspace],
        ['Latest period', s.asOf ?? '—'],
        ['Groups', `${count(s.groups)} (${count(s.activeGroups)} billed this period)`],
        ['Latest revenue', revenue],
        ['3-month trend', formatChange(s.revenueTrend3m, 'pct', lang)],
        ['Top-20% share', formatFigure(s.top20Share, 'pct', lang)],
      ];
  const width = zh ? 10 : 16;
  return rows.map(([k, v]) => `${k}${' '.repeat(Math.max(1, width - (zh ? k.length * 2 : k.length)))}${v}`);
}

/** --lang zh|zh-CN|en; default Chinese, as the app. */
export function summaryLanguage(flag: string | undefined): ReviewLanguage | null {
  if (flag === undefined || flag === 'zh' || flag === 'zh-CN') return 'zh-CN';
  if (flag === 'en') return 'en';
  return null;
}
