/**
 * The review's Excel pack: one workbook with the KPIs, quadrant membership,
 * warnings with explanations, scenario results, the action list and the
 * deck's findings. Numbers are number cells with formats; text that a
 * spreadsheet would run as a formula (= + - @) is escaped.
 */
import * as XLSX from 'xlsx';
import type { GroupAction } from '../../../shared/api/analysisContract';
import {
  analyzePortfolio,
  GROUP_COUNT_LABELS,
  groupCountTrace,
  POSITIONS,
  QUADRANTS,
  STAGE_LABELS,
  ZONE_LABELS,
  ZONE_RULES,
  ZONES,
  type AnalysisResult,
  type AnalyticsSettings,
  type GroupCountId,
  type PortfolioIndex,
} from '../../../shared/analytics';
import type { ReviewInputs } from '../../../shared/review/inputs';
import { NUMBER_FORMAT_CODES } from '../../../shared/review/format';
import type { ReviewDeck } from '../../../shared/review/types';
import { escapeFormula } from '../import/problemReport';

type Kind = 'text' | 'int' | 'yuan' | 'pct' | 'decimal';
type Cell = string | number | boolean | null;
interface Sheet {
  name: string;
  columns: { title: string; kind: Kind; width?: number }[];
  rows: Cell[][];
  /** per data row, the number format of the value columns 1, 2 and 4 (the KPI sheet mixes money, counts and shares) */
  rowFormats?: Kind[];
  /** per data row, the number format of the change columns 3 and 5 when it is not the column's (a share's change is in pp) */
  changeFormats?: (string | undefined)[];
}

// THE formatter's rules (shared/review/format.ts): whole 元 with separators, no raw decimals
const FORMATS: Record<Kind, string | undefined> = { text: undefined, int: NUMBER_FORMAT_CODES.count, yuan: NUMBER_FORMAT_CODES.yuan, pct: NUMBER_FORMAT_CODES.pct, decimal: NUMBER_FORMAT_CODES.decimal };

function toSheet(s: Sheet): XLSX.WorkSheet {
  const aoa: Cell[][] = [s.columns.map((c) => escapeFormula(c.title))];
  for (const r of s.rows) {
    aoa.push(
      s.columns.map((c, i) => {
        const v = r[i] ?? null;
        if (typeof v === 'string') return escapeFormula(v);
        if (typeof v === 'number' && !Number.isFinite(v)) return null;
        return v;
      }),
    );
  }
  const ws = XLSX.utils.aoa_to_sheet(aoa);
  s.columns.forEach((c, ci) => {
    const z = FORMATS[c.kind];
    if (!z) return;
    for (let r = 1; r < aoa.length; r++) {
      const cell = ws[XLSX.utils.encode_cell({ r, c: ci })] as XLSX.CellObject | undefined;
      if (cell && cell.t === 'n') cell.z = z;
    }
  });
  ws['!cols'] = s.columns.map((c) => ({ wch: c.width ?? Math.min(40, Math.max(10, c.title.length * 2 + 2)) }));
  // header row frozen so long lists stay readable
  ws['!freeze'] = { xSplit: 0, ySplit: 1 };
  return ws;
}

/**
 * The 象限成员 sheet's rows: code, name, value × risk cell, current value,
 * score (0–100), zone, value at risk, and why a group has no cell. A white
 * group (already lost or too little data) never has a cell: it reads
 * 白区，不入象限 with its zone's reason.
 */
export function quadrantMembershipRows(r: AnalysisResult, ix: PortfolioIndex, en: boolean): Cell[][] {
  const t = (zh: string, e: string): string => (en ? e : zh);
  const L = (x: { zh: string; en: string }): string => (en ? x.en : x.zh);
  const qd = QUADRANTS.valueRisk;
  const rows: Cell[][] = [];
  for (let g = 0; g < r.table.size; g++) {
    if ((r.table.history[g] as number) === 0) continue;
    const pos = r.table.quadrant.valueRisk[g] as number;
    const posId = pos >= 0 ? POSITIONS[pos] : undefined;
    const zone = ZONES[r.table.zone[g] as number] ?? 'white';
    const white = zone === 'white';
    const cell = posId && !white ? qd.cells[posId] : undefined;
    const val = r.table.value[g] as number;
    const score = r.table.score[g] as number;
    const vr = r.table.valueAtRisk[g] as number;
    const rule = ZONE_RULES[r.table.zoneRule[g] as number] ?? 'noData';
    const why = cell ? '' : white ? L(r.rules.zone[rule]) : t('当前价值为 0 或两轴数据不全', 'No current value, or an axis value is missing');
    rows.push([
      ix.codes[g] as string,
      ix.portfolio.groups[g]?.groupName ?? (ix.codes[g] as string),
      cell ? L(cell.name) : white ? t('白区，不入象限', 'White: no cell') : t('未入象限', 'Not placed'),
      Number.isFinite(val) ? val : null,
      Number.isFinite(score) ? score : null,
      L(ZONE_LABELS[zone]),
      Number.isFinite(vr) ? vr : null,
      why,
    ]);
  }
  return rows;
}

export function reviewSheets(deck: ReviewDeck, inputs: ReviewInputs, ix: PortfolioIndex, settings: AnalyticsSettings, actions: readonly GroupAction[]): Sheet[] {
  const en = deck.language === 'en';
  const t = (zh: string, e: string): string => (en ? e : zh);
  const L = (x: { zh: string; en: string }): string => (en ? x.en : x.zh);
  const o = inputs.overview;

  // KPIs with the previous quarter and the same quarter last year
  const kpiDefs: { id: keyof typeof o.kpis; label: string; kind: Kind }[] = [
    { id: 'revenue', label: t('出账收入（元）', 'Revenue (yuan)'), kind: 'yuan' },
    { id: 'activeGroups', label: t('本季出账集团数', 'Groups billed in the quarter'), kind: 'int' },
    { id: 'unifiedShare', label: t('统付收入占比', 'Unified-pay share'), kind: 'pct' },
    { id: 'topShare', label: t('头部集团价值占比', 'Top groups’ value share'), kind: 'pct' },
    { id: 'redYellow', label: t('红黄区集团数', 'Groups in red/yellow'), kind: 'int' },
    { id: 'valueAtRisk', label: t('风险价值（元/年）', 'Value at risk (yuan/year)'), kind: 'yuan' },
  ];
  const kpis: Sheet = {
    name: t('关键指标', 'KPIs'),
    columns: [
      { title: t('指标', 'Figure'), kind: 'text', width: 24 },
      { title: inputs.quarter, kind: 'decimal', width: 18 },
      { title: inputs.previousQuarter, kind: 'decimal', width: 18 },
      { title: t('环比', 'QoQ'), kind: 'pct', width: 10 },
      { title: inputs.yearAgoQuarter, kind: 'decimal', width: 18 },
      { title: t('同比', 'YoY'), kind: 'pct', width: 10 },
      { title: t('口径', 'Rule'), kind: 'text', width: 80 },
    ],
    rows: kpiDefs.map((d) => {
      const k = o.kpis[d.id];
      // a share's change is a difference in percentage points (the deck's −0.1个百分点), not a relative −0.1%
      const change = (c: { kind: 'pct' | 'pp'; change: number | null }): number | null => (c.change === null ? null : c.kind === 'pp' ? c.change * 100 : c.change);
      return [d.label, k.current.value, k.previous.value, change(k.previous), k.yearAgo.value, change(k.yearAgo), L(k.current.trace.rule)];
    }),
  };
  const changeFormats: (string | undefined)[] = kpiDefs.map((d) => (o.kpis[d.id].previous.kind === 'pp' ? (en ? NUMBER_FORMAT_CODES.ppEn : NUMBER_FORMAT_CODES.ppZh) : NUMBER_FORMAT_CODES.changePct));
  if (inputs.retention) {
    const r = inputs.retention;
    kpis.rows.push([t(`集团数保有率（对比 ${r.snapshot} 拍照）`, `Count retention (vs ${r.snapshot} snapshot)`), r.countRetention, null, null, null, null, L((r.countTrace ?? r.trace).rule)]);
    kpis.rows.push([t(`价值保有率（对比 ${r.snapshot} 拍照）`, `Value retention (vs ${r.snapshot} snapshot)`), r.valueRetention, null, null, null, null, L((r.valueTrace ?? r.trace).rule)]);
  }
  const backtestFormats: Kind[] = [];
  if (inputs.backtest.status === 'ok') {
    const b = inputs.backtest;
    // a figure that rests on few months or events says so beside it (issue #13)
    const rule = (caveat: { zh: string; en: string } | null | undefined): string => (caveat ? `${L(caveat)}${t('。', '. ')}${L(b.trace.rule)}` : L(b.trace.rule));
    const red = b.thresholds.find((x) => x.zone === 'red');
    kpis.rows.push([t('回测 AUC', 'Back-test AUC'), b.auc, null, null, null, null, rule(b.caveat)]);
    kpis.rows.push([t(`回测头部 ${Math.round(b.lift.share * 100)}% 提升度`, `Back-test lift, top ${Math.round(b.lift.share * 100)}%`), b.lift.lift, null, null, null, null, rule(b.caveat)]);
    backtestFormats.push('decimal', 'decimal');
    if (red) {
      kpis.rows.push([t('回测红区精确率', 'Back-test red precision'), red.precision, null, null, null, null, rule(red.precisionCaveat)]);
      kpis.rows.push([t('回测红区召回率', 'Back-test red recall'), red.recall, null, null, null, null, rule(red.recallCaveat)]);
      backtestFormats.push('pct', 'pct');
    }
  }

  const kpiFormats: Kind[] = [...kpiDefs.map((d) => d.kind), ...(inputs.retention ? (['pct', 'pct'] as Kind[]) : []), ...backtestFormats];

  const r = analyzePortfolio(ix, settings, { asOf: o.asOf as string, explainTop: 100_000 });
  // the group counts of the quarter's last month, each with what it counts (shared/analytics/groupCounts.ts): the same numbers as 总览 and 价值象限
  if (r.groupCounts) {
    const c = r.groupCounts;
    const opts = { windowMonths: settings.value.windowMonths };
    const rows: [GroupCountId, number, string?][] = [
      ['inWorkspace', c.inWorkspace],
      ['billed', c.billed],
      ['withHistory', c.withHistory],
      ['withValue', c.withValue],
      ['placed', c.placed.valueRisk?.placed ?? 0, 'valueRisk'],
    ];
    for (const [id, value, framework] of rows) {
      const tr = groupCountTrace(c, id, framework ? { ...opts, framework } : opts);
      const paren = (x: string): string => (en ? ` (${x})` : `（${x}）`);
      kpis.rows.push([`${L(GROUP_COUNT_LABELS[id])}${framework ? paren(L(QUADRANTS.valueRisk.label)) : ''}${paren(c.asOf)}`, value, null, null, null, null, L(tr.rule).split(en ? '. The other' : '。其他')[0] ?? '']);
      kpiFormats.push('int');
    }
  }
  const qd = QUADRANTS.valueRisk;
  const membership: Sheet = {
    name: t('象限成员', 'Quadrant'),
    columns: [
      { title: t('集团编码', 'Group code'), kind: 'text', width: 14 },
      { title: t('集团名称', 'Group name'), kind: 'text', width: 30 },
      { title: en ? `${L(qd.label)} (${o.asOf})` : `${L(qd.label)}（${o.asOf}）`, kind: 'text', width: 16 },
      { title: t('当前价值（元/月）', 'Current value (yuan/month)'), kind: 'yuan', width: 18 },
      { title: t(`预警分（0–${r.scoreScale.max}）`, `Warning score (0–${r.scoreScale.max})`), kind: 'int', width: 12 },
      { title: t('预警区', 'Zone'), kind: 'text', width: 8 },
      { title: t('风险价值（元/年）', 'Value at risk (yuan/year)'), kind: 'yuan', width: 18 },
      { title: t('未入象限原因', 'Why not placed'), kind: 'text', width: 50 },
    ],
    rows: quadrantMembershipRows(r, ix, en),
  };

  const warnings: Sheet = {
    name: t('流失预警', 'Warnings'),
    columns: [
      { title: t('集团编码', 'Group code'), kind: 'text', width: 14 },
      { title: t('集团名称', 'Group name'), kind: 'text', width: 30 },
      { title: t('预警区', 'Zone'), kind: 'text', width: 8 },
      { title: t(`预警分（0–${r.scoreScale.max}）`, `Score (0–${r.scoreScale.max})`), kind: 'int', width: 12 },
      { title: t('当前价值（元/月）', 'Current value (yuan/month)'), kind: 'yuan', width: 18 },
      { title: t('风险价值（元/年）', 'Value at risk (yuan/year)'), kind: 'yuan', width: 18 },
      { title: t('生命周期', 'Stage'), kind: 'text', width: 10 },
      { title: t('客户经理', 'Account manager'), kind: 'text', width: 12 },
      { title: t('触发信号及说明', 'Signals fired, explained'), kind: 'text', width: 100 },
    ],
    rows: r.warnings.map((w) => [
      w.groupCode,
      w.groupName,
      L(ZONE_LABELS[w.zone]),
      w.score,
      w.value,
      w.valueAtRisk,
      w.stage ? L(STAGE_LABELS[w.stage]) : '',
      w.accountManager ?? '',
      (w.signals ?? []).filter((s) => s.fired).map((s) => L(s.explanation)).join(en ? '; ' : '；'),
    ]),
  };

  const c = inputs.competition;
  const scenarios: Sheet = {
    name: t('推演结果', 'Scenarios'),
    columns: [
      { title: t('方案', 'Scenario'), kind: 'text', width: 30 },
      { title: t('是否计划', 'Plan'), kind: 'text', width: 8 },
      { title: t('竞争动作', 'Moves'), kind: 'text', width: 40 },
      { title: t('暴露集团数', 'Groups exposed'), kind: 'int', width: 12 },
      { title: t('风险收入·期望（元）', 'Revenue at risk, expected (yuan)'), kind: 'yuan', width: 20 },
      { title: t('风险收入·P90（元）', 'Revenue at risk, P90 (yuan)'), kind: 'yuan', width: 20 },
      { title: t('推演期（月）', 'Horizon (months)'), kind: 'int', width: 12 },
    ],
    rows: c.scenarios.map((s) => [
      s.name,
      s.isPlan ? t('是', 'yes') : '',
      s.moves.map((id) => L(c.moves.find((m) => m.id === id)?.name ?? { zh: id, en: id })).join(en ? ', ' : '、'),
      s.exposedGroups,
      s.revenueAtRisk,
      s.revenueAtRiskP90,
      s.horizonMonths,
    ]),
  };
  const plan = inputs.plan.scenario;
  if (plan) {
    scenarios.rows.push([]);
    scenarios.rows.push([t(`计划方案：${plan.name}`, `Plan: ${plan.name}`)]);
    scenarios.rows.push([t('预算（元）', 'Budget (yuan)'), null, null, null, plan.budget]);
    scenarios.rows.push([t('投入（元）', 'Cost (yuan)'), null, null, null, plan.cost]);
    scenarios.rows.push([t('保住收入·期望（元）', 'Revenue kept, expected (yuan)'), null, null, null, plan.revenueKept.expected, plan.revenueKept.p90]);
    scenarios.rows.push([t('净收益·期望（元）', 'Net benefit, expected (yuan)'), null, null, null, plan.netBenefit.expected, plan.netBenefit.p90]);
  }
  if (c.scenarios.length === 0 && c.note) scenarios.rows.push([L(c.note)]);

  const names = new Map(ix.portfolio.groups.map((g) => [g.groupCode, g.groupName]));
  const causeName = { service: t('服务', 'Service'), competition: t('竞争', 'Competition'), special: t('特殊', 'Special') };
  const statusName = { open: t('进行中', 'Open'), done: t('已完成', 'Done'), cancelled: t('已取消', 'Cancelled') };
  const actionSheet: Sheet = {
    name: t('行动清单', 'Actions'),
    columns: [
      { title: t('集团编码', 'Group code'), kind: 'text', width: 14 },
      { title: t('集团名称', 'Group name'), kind: 'text', width: 30 },
      { title: t('原因', 'Cause'), kind: 'text', width: 8 },
      { title: t('行动', 'Action'), kind: 'text', width: 50 },
      { title: t('负责人', 'Owner'), kind: 'text', width: 12 },
      { title: t('期限', 'Due'), kind: 'text', width: 12 },
      { title: t('状态', 'Status'), kind: 'text', width: 10 },
      { title: t('备注', 'Note'), kind: 'text', width: 40 },
    ],
    rows: [...actions]
      .sort((a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.groupCode.localeCompare(b.groupCode))
      .map((a) => [a.groupCode, names.get(a.groupCode) ?? a.groupCode, causeName[a.cause], a.action, a.owner, a.due ?? '', statusName[a.status], a.note]),
  };

  const findings: Sheet = {
    name: t('发现', 'Findings'),
    columns: [
      { title: t('页', 'Slide'), kind: 'int', width: 6 },
      { title: t('标题', 'Title'), kind: 'text', width: 36 },
      { title: t('发现', 'Finding'), kind: 'text', width: 100 },
    ],
    rows: deck.slides
      .filter((s) => !s.hidden)
      .flatMap((s, i) => (s.findings.length > 0 ? s.findings.filter((f) => f.text.trim() !== '').map((f) => [i + 1, s.title, f.text]) : [[i + 1, s.title, '']])),
  };
  return [{ ...kpis, rowFormats: kpiFormats, changeFormats }, membership, warnings, scenarios, actionSheet, findings];
}

export function reviewWorkbook(deck: ReviewDeck, inputs: ReviewInputs, ix: PortfolioIndex, settings: AnalyticsSettings, actions: readonly GroupAction[] = []): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const s of reviewSheets(deck, inputs, ix, settings, actions)) {
    const ws = toSheet(s);
    if (s.rowFormats) {
      s.rowFormats.forEach((kind, i) => {
        for (const col of [1, 2, 4]) {
          const cell = ws[XLSX.utils.encode_cell({ r: i + 1, c: col })] as XLSX.CellObject | undefined;
          const z = FORMATS[kind];
          if (cell && cell.t === 'n' && z) cell.z = z;
        }
      });
    }
    s.changeFormats?.forEach((z, i) => {
      if (!z) return;
      for (const col of [3, 5]) {
        const cell = ws[XLSX.utils.encode_cell({ r: i + 1, c: col })] as XLSX.CellObject | undefined;
        if (cell && cell.t === 'n') cell.z = z;
      }
    });
    XLSX.utils.book_append_sheet(wb, ws, s.name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31));
  }
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer);
}
