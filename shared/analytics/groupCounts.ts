/**
 * Group counts in one place (issue 13): the pages show several counts of
 * groups — 集团数 600, 本期出账 588, 参与分组 591 … — that count different
 * things. Each count has one definition here and every page takes its number
 * from the engine's analysis of the same month, so the same concept gives the
 * same number everywhere; each count's hover shows this reconciliation (what
 * it counts, and the other counts beside it).
 *
 *   inWorkspace  集团数     groups in the group master, plus groups found only in the billing data
 *   billed       本期出账   groups with total revenue > 0 in the analysis month
 *   withHistory  有出账记录 groups with a billing row in the analysis month or before (lifecycle stages count these)
 *   withValue    有当前价值 groups whose current value (mean monthly revenue over the value window) is > 0:
 *                           the concentration's groups, and the quadrants' candidates
 *   placed       参与分组   groups with value and both axis values of a quadrant framework (价值象限)
 *   zones        预警分区   every group of the workspace: the white zone holds those without data
 */
import type { LocalText, Trace } from '../model/trace';
import type { PortfolioIndex } from './columnar';
import type { MetricColumns } from './metrics';
import { T, fmtNum } from './text';

export type GroupCountId = 'inWorkspace' | 'billed' | 'withHistory' | 'withValue' | 'placed';

export interface GroupCounts {
  /** the analysis month */
  asOf: string;
  inWorkspace: number;
  inMaster: number;
  onlyInBilling: number;
  billed: number;
  withHistory: number;
  withValue: number;
  /** groups placed per quadrant framework (id → count), with the framework's name */
  placed: Record<string, { label: LocalText; placed: number }>;
}

export const GROUP_COUNT_LABELS: Record<GroupCountId, LocalText> = {
  inWorkspace: T('集团数', 'Groups'),
  billed: T('本期出账集团数', 'Groups billed this month'),
  withHistory: T('有出账记录的集团数', 'Groups with billing history'),
  withValue: T('有当前价值的集团数', 'Groups with current value'),
  placed: T('参与分组的集团数', 'Groups placed'),
};

function definition(id: GroupCountId, c: GroupCounts, windowMonths: number, framework: LocalText | null): LocalText {
  switch (id) {
    case 'inWorkspace':
      return T('集团数 = 集团客户资料中的集团（含只在出账数据中出现的集团）', 'Groups = groups in the group master (plus groups found only in the billing data)');
    case 'billed':
      return T(`本期出账 = ${c.asOf} 出账收入大于 0 的集团`, `Billed this month = groups with total revenue > 0 in ${c.asOf}`);
    case 'withHistory':
      return T(`有出账记录 = ${c.asOf} 及以前有出账记录的集团（生命周期分布统计这些集团）`, `With billing history = groups with a billing row in ${c.asOf} or before (the lifecycle stages count these)`);
    case 'withValue':
      return T(
        `有当前价值 = 近 ${windowMonths} 个月在网各月的月均收入大于 0 的集团（集中度的分母，价值象限的候选）`,
        `With current value = groups whose mean monthly revenue over the last ${windowMonths} months is > 0 (the concentration's denominator, the quadrants' candidates)`,
      );
    case 'placed':
      return T(
        `参与分组 = 有当前价值且${framework ? `「${framework.zh}」` : ''}两轴数据齐全的集团（价值象限）`,
        `Placed = groups with current value and both axis values${framework ? ` of "${framework.en}"` : ''} (value quadrant)`,
      );
  }
}

/**
 * The reconciliation trace of one count: its definition first, then every count of the same month
 * (so 600 / 588 / 591 are explained side by side wherever one of them is shown).
 */
export function groupCountTrace(c: GroupCounts, id: GroupCountId, opts: { windowMonths: number; framework?: string; settings?: Trace['settings'] } = { windowMonths: 3 }): Trace {
  const fw = opts.framework !== undefined ? (c.placed[opts.framework] ?? null) : null;
  const others = (['inWorkspace', 'billed', 'withHistory', 'withValue'] as const).filter((k) => k !== id);
  const rest = others.map((k) => definition(k, c, opts.windowMonths, null));
  if (id !== 'placed') rest.push(definition('placed', c, opts.windowMonths, fw?.label ?? null));
  const head = definition(id, c, opts.windowMonths, fw?.label ?? null);
  const inputs: Trace['inputs'] = [
    { label: GROUP_COUNT_LABELS.inWorkspace, value: c.inWorkspace },
    { label: T('　其中集团资料', '  of which in the group master'), value: c.inMaster },
    { label: T('　其中仅在出账数据中', '  of which only in billing data'), value: c.onlyInBilling },
    { label: T(`本期出账集团数（${c.asOf}）`, `Groups billed (${c.asOf})`), value: c.billed },
    { label: T(`本期未出账集团数（${c.asOf}）`, `Groups not billed (${c.asOf})`), value: c.inWorkspace - c.billed },
    { label: GROUP_COUNT_LABELS.withHistory, value: c.withHistory },
    { label: GROUP_COUNT_LABELS.withValue, value: c.withValue },
  ];
  for (const [key, p] of Object.entries(c.placed)) {
    if (opts.framework !== undefined && key !== opts.framework) continue;
    inputs.push({ label: T(`参与分组（${p.label.zh}）`, `Placed (${p.label.en})`), value: p.placed });
  }
  return {
    rule: T(
      `${head.zh}。其他集团数口径（同一分析月 ${c.asOf}）：${rest.map((r) => r.zh).join('；')}；预警分区覆盖全部 ${fmtNum(c.inWorkspace)} 个集团（无数据的为白区）`,
      `${head.en}. The other group counts (same analysis month ${c.asOf}): ${rest.map((r) => r.en).join('; ')}; the warning zones cover all ${fmtNum(c.inWorkspace)} groups (those without data are white)`,
    ),
    inputs,
    settings: opts.settings ?? [],
  };
}

/** The counts of the month `mc.t` from the engine's columns (analyze and summary both use this). */
export function groupCountsOf(ix: PortfolioIndex, mc: MetricColumns, withValue: number, placed: GroupCounts['placed'] = {}): GroupCounts {
  let billed = 0;
  let withHistory = 0;
  for (let g = 0; g < ix.nG; g++) {
    if ((mc.history[g] as number) > 0) withHistory++;
    if ((mc.latestTotal[g] as number) > 0) billed++;
  }
  return {
    asOf: ix.periods[mc.t] as string,
    inWorkspace: ix.nG,
    inMaster: ix.nG - ix.stats.orphanFactGroups,
    onlyInBilling: ix.stats.orphanFactGroups,
    billed,
    withHistory,
    withValue,
    placed,
  };
}

/** A quadrant snapshot's trace with the group counts of the same month beside 参与分组, so 591 is explained next to 600 and 588. */
export function withGroupCounts(trace: Trace, counts: GroupCounts | null, windowMonths: number, framework: string): Trace {
  if (!counts) return trace;
  const rec = groupCountTrace(counts, 'placed', { windowMonths, framework });
  const placedRow = rec.inputs[rec.inputs.length - 1];
  return {
    rule: T(`${trace.rule.zh}。${rec.rule.zh}；未参与分组 = 有出账记录但未参与分组的集团`, `${trace.rule.en}. ${rec.rule.en}; not placed = groups with billing history that are not placed`),
    inputs: [...trace.inputs, ...rec.inputs.filter((i) => i !== placedRow)],
    settings: trace.settings,
  };
}
