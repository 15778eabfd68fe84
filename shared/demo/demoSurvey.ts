/**
 * A satisfaction survey (满意度调查, seed 001) for the demo branch: two waves, at the last month of
 * the last complete quarter and one quarter earlier, each answered by one or two people at about a
 * third of the groups (the larger ones more often) plus a few branch-wide answers with no group, on a
 * 1–5 scale. Deterministic (own seeded RNG, no clock). The factor means are planted so that the four
 * cells of the importance × satisfaction matrix are all filled in the latest wave: network quality,
 * price and complaint handling are important and poorly rated (罪魁祸首, fix first), as the seed says
 * network quality is the chief driver. In the earlier wave account-manager response was poorly rated
 * too (a fix-first factor since fixed), so the two waves differ.
 */
import type { DemoBranch } from './generateDemoBranch';
import type { SurveyResponse } from '../model/portfolio';
import { createRng } from '../util/random';

/** factor, mean importance, mean satisfaction (1–5) in the latest wave, mean satisfaction in the earlier wave */
export const DEMO_SURVEY_FACTORS: readonly (readonly [string, number, number, number])[] = [
  ['网络质量', 4.6, 3.0, 3.1],
  ['资费价格', 4.4, 3.1, 3.2],
  ['投诉处理', 4.1, 2.8, 2.9],
  ['客户经理响应', 4.2, 4.1, 3.2],
  ['账单准确', 4.0, 4.2, 4.1],
  ['营业厅服务', 3.1, 4.0, 3.9],
  ['信息化产品', 3.0, 2.9, 2.8],
  ['装维及时', 3.3, 3.1, 3.0],
];

/** The demo's survey waves, oldest first: the last month of the last complete quarter and three months before. */
export function demoSurveyWaves(periods: readonly string[]): string[] {
  let last = -1;
  for (let i = periods.length - 1; i >= 0; i--) {
    const p = periods[i] as string;
    if (Number(p.slice(5, 7)) % 3 === 0) {
      last = i;
      break;
    }
  }
  if (last < 0) return periods.length > 0 ? [periods[periods.length - 1] as string] : [];
  return last >= 3 ? [periods[last - 3] as string, periods[last] as string] : [periods[last] as string];
}

const clamp5 = (x: number): number => Math.min(5, Math.max(1, Math.round(x)));

export function demoSurvey(branch: DemoBranch): SurveyResponse[] {
  const rng = createRng((branch.seed ^ 0x5a7) >>> 0);
  const waves = demoSurveyWaves(branch.periods);
  const out: SurveyResponse[] = [];
  waves.forEach((period, w) => {
    const latest = w === waves.length - 1;
    const answer = (groupCode: string | null, respondent: string, satShift: number): void => {
      for (const [factor, imp, sat, satEarlier] of DEMO_SURVEY_FACTORS)
        out.push({ factor, importance: clamp5(imp + rng.normal() * 0.6), satisfaction: clamp5((latest ? sat : satEarlier) + satShift + rng.normal() * 0.7), groupCode, respondent, period });
    };
    for (const g of branch.portfolio.groups) {
      const big = (g.employees ?? 0) >= 200;
      if (!rng.chance(big ? 0.6 : 0.25)) continue;
      // a group's own mood: some groups rate everything lower
      const shift = rng.chance(0.2) ? -0.8 : rng.normal() * 0.3;
      const n = big && rng.chance(0.5) ? 2 : 1;
      for (let k = 1; k <= n; k++) answer(g.groupCode, `${g.groupCode}-${k}`, shift);
    }
    for (let k = 1; k <= 12; k++) answer(null, `分公司抽样-${k}`, 0);
  });
  return out;
}
