/**
 * Guardrails (docs/domain.md §6, issue #7 item 5): warnings on a scenario's
 * allocation. Each names the groups concerned and the money involved.
 */
import { formatYuan } from '../review/format';
import { unusedMeasureReason } from './allocate';
import type { PreparedScenario } from './model';
import type { Allocation, Guardrail, LocalText } from './types';

const T = (zh: string, en: string): LocalText => ({ zh, en });
/** The project's life for the payback rule (DOMAIN: "a payback longer than … the project's life"). */
export const PAYBACK_LIMIT_MONTHS = 24;

const yuan = (x: number): string => formatYuan(x);
const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;

export function guardrails(p: PreparedScenario, allocation: Allocation, marginShare: number): Guardrail[] {
  const out: Guardrail[] = [];
  const rowOf = new Map<string, number>();
  for (let g = 0; g < p.groups.size; g++) rowOf.set(p.groups.codes[g] ?? '', g);

  const green = allocation.funded.filter((f) => f.zone === 'green' && f.cost > 0);
  if (green.length > 0) {
    const amount = green.reduce((s, f) => s + f.cost, 0);
    out.push({
      kind: 'green-spend',
      message: T(
        `${green.length} 个绿区（稳定、未见风险）集团上安排了 ${yuan(amount)} 元投入：钱花在了没有风险的集团上，请确认是否必要。`,
        `${green.length} green-zone groups (stable, not at risk) get ${yuan(amount)} yuan: money spent on groups that are not at risk. Check it is needed.`,
      ),
      groupCodes: green.map((f) => f.groupCode),
      amount,
    });
  }

  const deep = p.library.counters.filter((c) => c.discountShare !== null && c.discountShare > marginShare + 1e-12);
  for (const c of deep) {
    const groups = allocation.funded.filter((f) => f.measureIds.includes(c.id));
    if (groups.length === 0) continue;
    out.push({
      kind: 'discount-over-margin',
      message: T(
        `“${c.name.zh}”让利 ${pct(c.discountShare ?? 0)}，超过集团账单毛利率 ${pct(marginShare)}（设置 → 竞争情景推演）：低于成本销售，涉及 ${groups.length} 个集团。`,
        `“${c.name.en}” discounts ${pct(c.discountShare ?? 0)}, deeper than the ${pct(marginShare)} margin on a group bill (Settings → Competitive scenarios): selling below cost, on ${groups.length} groups.`,
      ),
      groupCodes: groups.map((f) => f.groupCode),
      amount: groups.reduce((s, f) => s + f.cost, 0),
    });
  }

  const overContract: string[] = [];
  let overContractCost = 0;
  const over24: string[] = [];
  let over24Cost = 0;
  for (const f of allocation.funded) {
    if (!(f.cost > 0)) continue;
    const g = rowOf.get(f.groupCode);
    const left = g === undefined ? NaN : (p.groups.contractMonthsLeft[g] ?? NaN);
    if (f.paybackMonth === null || f.paybackMonth > PAYBACK_LIMIT_MONTHS) {
      over24.push(f.groupCode);
      over24Cost += f.cost;
    } else if (Number.isFinite(left) && left > 0 && f.paybackMonth > left) {
      overContract.push(f.groupCode);
      overContractCost += f.cost;
    }
  }
  if (overContract.length > 0) {
    out.push({
      kind: 'payback-over-contract',
      message: T(
        `${overContract.length} 个集团的投入回收期长于其剩余协议期：协议到期前收不回成本。`,
        `${overContract.length} groups pay back later than their contract ends: the cost is not recovered within the contract.`,
      ),
      groupCodes: overContract,
      amount: overContractCost,
    });
  }
  if (over24.length > 0) {
    out.push({
      kind: 'payback-over-24m',
      message: T(
        `${over24.length} 个集团的投入回收期超过 ${PAYBACK_LIMIT_MONTHS} 个月（或收不回）。`,
        `${over24.length} groups take longer than ${PAYBACK_LIMIT_MONTHS} months to pay back (or never do).`,
      ),
      groupCodes: over24,
      amount: over24Cost,
    });
  }

  if (allocation.totalCost > allocation.budget + 1e-6) {
    const overrun = allocation.totalCost - allocation.budget;
    out.push({
      kind: 'over-budget',
      message: T(
        `投入合计 ${yuan(allocation.totalCost)} 元，超出预算 ${yuan(allocation.budget)} 元 ${yuan(overrun)} 元。`,
        `The spend of ${yuan(allocation.totalCost)} yuan exceeds the ${yuan(allocation.budget)} yuan budget by ${yuan(overrun)} yuan.`,
      ),
      groupCodes: [],
      amount: overrun,
    });
  }
  if (allocation.funded.length === 0 && p.groups.size > 0) {
    const counters = p.model.counters;
    const zh: string[] = [];
    const en: string[] = [];
    for (let c = 0; c < counters.length; c++) {
      const reason = unusedMeasureReason(p, c);
      zh.push(`“${counters[c]?.name.zh ?? ''}”：${reason.zh}`);
      en.push(`“${counters[c]?.name.en ?? ''}”: ${reason.en}`);
    }
    out.push({
      kind: 'nothing-funded',
      message:
        counters.length === 0
          ? T('没有资助任何集团：第4步没有选中应对措施。', 'Nothing is funded: no counter-measure is chosen in step 4.')
          : allocation.mode === 'manual'
            ? T(`没有资助任何集团：手动调整中没有选择适用的（集团，措施）组合。`, 'Nothing is funded: the manual choice holds no (group, measure) pair that fits.')
            : T(`没有资助任何集团。${zh.join('；')}。`, `Nothing is funded. ${en.join('; ')}.`),
      groupCodes: [],
      amount: null,
    });
  }
  return out;
}
