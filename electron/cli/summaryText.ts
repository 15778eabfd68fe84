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
  /** why the month used is not the data's last (an incomplete last month), else null */
  asOfNote?: { zh: string; en: string } | null;
  groups: number | null;
  activeGroups: number | null;
  latestRevenue: number | null;
  revenueTrend3m: number | null;
  top20Share: number | null;
  /** the top share it is taken at (settings: value.topShare), for its name; 0.2 if not given */
  topShareSetting?: number;
}

export function summaryLines(workspace: string, s: SummaryFigures, lang: ReviewLanguage): string[] {
  const zh = lang === 'zh-CN';
  // the 总览 card's name, with the workspace's share: 头部20%集团价值占比 by default
  const topPct = `${Math.round((s.topShareSetting ?? 0.2) * 1000) / 10}%`;
  const count = (n: number | null): string => formatFigure(n, 'count', lang);
  const revenue = s.latestRevenue === null ? '—' : zh ? `${formatFigure(s.latestRevenue, 'wan', lang)}（${formatYuan(s.latestRevenue)} 元）` : `${formatFigure(s.latestRevenue, 'wan', lang)} (${formatYuan(s.latestRevenue)} yuan)`;
  const rows: [string, string][] = zh
    ? [
        ['工作区', workspace],
        ['分析月份', s.asOf === null ? '—' : `${s.asOf}（${s.asOfNote ? s.asOfNote.zh : '最近的完整月份'}）`],
        ['集团数', `${count(s.groups)}（其中本期出账 ${count(s.activeGroups)}）`],
        // the 总览 cards' names for the same figures
        ['出账收入', revenue],
        ['近3月趋势', formatChange(s.revenueTrend3m, 'pct', lang)],
        [`头部${topPct}集团价值占比`, formatFigure(s.top20Share, 'pct', lang)],
      ]
    : [
        ['Workspace', workspace],
        ['Period used', s.asOf === null ? '—' : `${s.asOf} (${s.asOfNote ? s.asOfNote.en : 'the last complete month'})`],
        ['Groups', `${count(s.groups)} (${count(s.activeGroups)} billed this period)`],
        ['Revenue', revenue],
        ['3-month trend', formatChange(s.revenueTrend3m, 'pct', lang)],
        [`Top ${topPct} groups’ value share`, formatFigure(s.top20Share, 'pct', lang)],
      ];
  const width = zh ? 10 : 16;
  const lines = rows.map(([k, v]) => `${k}${' '.repeat(Math.max(1, width - (zh ? k.length * 2 : k.length)))}${v}`);
  // what each count counts (shared/analytics/groupCounts.ts): the same definitions as the 总览's hover
  if (s.asOf !== null) {
    lines.push(
      zh
        ? `口径：集团数 = 集团客户资料中的集团（含只在出账数据中出现的集团）；本期出账 = ${s.asOf} 出账收入大于 0 的集团`
        : `Counts: groups = groups in the group master (plus groups found only in the billing data); billed = groups with total revenue > 0 in ${s.asOf}`,
    );
  }
  return lines;
}

/** --lang zh|zh-CN|en; default Chinese, as the app. */
export function summaryLanguage(flag: string | undefined): ReviewLanguage | null {
  if (flag === undefined || flag === 'zh' || flag === 'zh-CN') return 'zh-CN';
  if (flag === 'en') return 'en';
  return null;
}
