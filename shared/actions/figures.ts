/**
 * The actions ledger in figures, for `holdfast analyze --json` and the review deck's plan:
 * open and overdue actions (the ledger's isOverdue), outcomes of the closed ones, the
 * re-check of every action (the ledger's recheck, read at the same months the 行动台账
 * shows), and 什么管用 by measure (effectiveness.ts). Only the ledger's own functions
 * are used: the figures are those of the 行动台账 page, never a second copy of its rules.
 * Actions of groups outside the data (or the scope) are left out, as the ledger does.
 */
import type { LocalText, Trace } from '../model/trace';
import type { GroupAction } from './action';
import type { PortfolioIndex } from '../analytics';
import type { EffectivenessResult, EffectivenessRow } from './effectiveness';
import { ACTION_OUTCOMES, isOverdue, recheck, type ActionOutcome } from './ledger';
import type { PointsAt } from './insights';

const T = (zh: string, en: string): LocalText => ({ zh, en });
const CAUSES = ['service', 'competition', 'special'] as const;

export interface MeasureFigure {
  key: string;
  measureId: string | null;
  label: LocalText;
  closed: number;
  retained: number;
  partly: number;
  lost: number;
  tooEarly: number;
  noOutcome: number;
  /** (retained + partly) ÷ (retained + partly + lost) */
  retentionRate: number | null;
  revenueKept: number | null;
  upliftVsComparable: number | null;
  /** closed ≥ the ledger's minimum: enough to go by */
  enough: boolean;
}

export interface ActionFigures {
  /** newest month of the data (the re-checks read up to it) */
  asOf: string | null;
  /** the day overdue is judged at */
  today: string;
  total: number;
  open: number;
  done: number;
  cancelled: number;
  /** open, with a due date before today */
  overdue: number;
  overdueActions: { id: string; groupCode: string; due: string | null; owner: string }[];
  byCause: { cause: (typeof CAUSES)[number]; open: number; done: number; overdue: number }[];
  /** outcomes of the closed (done) actions; none = no outcome recorded */
  outcomes: Record<ActionOutcome | 'none', number>;
  /** the re-check (base month vs base + recheckMonths) of every action not cancelled */
  recheck: {
    months: number;
    done: number;
    pending: number;
    noBase: number;
    /** of the done re-checks: warning score lower, higher or the same after */
    scoreDown: number;
    scoreUp: number;
    scoreSame: number;
    /** of the done re-checks: value after below the value before */
    valueDown: number;
  };
  /** 什么管用: retention of the closed actions, overall and by measure (most closed first) */
  effectiveness: { closed: number; retentionRate: number | null; revenueKept: number | null; minClosed: number; byMeasure: MeasureFigure[] };
  trace: Trace;
}

function measureFigure(r: EffectivenessRow): MeasureFigure {
  return {
    key: r.key,
    measureId: r.measureId,
    label: r.label,
    closed: r.closed,
    retained: r.retained,
    partly: r.partly,
    lost: r.lost,
    tooEarly: r.tooEarly,
    noOutcome: r.noOutcome,
    retentionRate: r.retentionRate.value,
    revenueKept: r.revenueKept.value,
    upliftVsComparable: r.upliftVsComparable.value,
    enough: r.enough,
  };
}

/**
 * `eff` is effectivenessOf over the same actions (insights.ts); `recheckMonths` the ledger setting;
 * `pointsAt` the same month reader the ledger uses.
 */
export function actionFigures(
  ix: PortfolioIndex,
  actions: readonly GroupAction[],
  eff: EffectivenessResult,
  recheckMonths: number,
  pointsAt: PointsAt,
  today: string,
  // required: the ledger month (ledgerMonth), never the raw last month, which may be a partial load
  last: string | null,
): ActionFigures {
  const known = new Set(ix.groups.map((g) => g.groupCode));
  const list = actions.filter((a) => known.has(a.groupCode));
  const outcomes = { retained: 0, partly: 0, lost: 0, tooEarly: 0, none: 0 } as Record<ActionOutcome | 'none', number>;
  const rc = { months: recheckMonths, done: 0, pending: 0, noBase: 0, scoreDown: 0, scoreUp: 0, scoreSame: 0, valueDown: 0 };
  const byCause = CAUSES.map((cause) => ({ cause, open: 0, done: 0, overdue: 0 }));
  const overdueActions: ActionFigures['overdueActions'] = [];
  let open = 0;
  let done = 0;
  let cancelled = 0;
  for (const a of list) {
    const c = byCause[CAUSES.indexOf(a.cause)];
    if (a.status === 'open') {
      open++;
      if (c) c.open++;
    } else if (a.status === 'done') {
      done++;
      if (c) c.done++;
      const o = a.outcome ?? null;
      outcomes[o !== null && (ACTION_OUTCOMES as readonly string[]).includes(o) ? o : 'none']++;
    } else cancelled++;
    if (isOverdue(a, today)) {
      overdueActions.push({ id: a.id, groupCode: a.groupCode, due: a.due, owner: a.owner });
      if (c) c.overdue++;
    }
    if (a.status === 'cancelled') continue;
    const r = recheck(a.basePeriod ?? null, recheckMonths, last, (period) => pointsAt(period).get(a.groupCode) ?? null);
    if (r.status === 'pending') rc.pending++;
    else if (r.status === 'noBase') rc.noBase++;
    else {
      rc.done++;
      if (r.scoreChange !== null) {
        if (r.scoreChange < 0) rc.scoreDown++;
        else if (r.scoreChange > 0) rc.scoreUp++;
        else rc.scoreSame++;
      }
      if (r.valueChange !== null && r.valueChange < 0) rc.valueDown++;
    }
  }
  overdueActions.sort((x, y) => ((x.due ?? '') < (y.due ?? '') ? -1 : (x.due ?? '') > (y.due ?? '') ? 1 : x.id < y.id ? -1 : 1));
  const byMeasure = eff.byMeasure.map(measureFigure).sort((x, y) => y.closed - x.closed || (x.key < y.key ? -1 : 1));
  const trace: Trace = {
    rule: T(
      `行动台账：逾期 = 进行中且期限早于 ${today}；复盘 = 基准月与其后 ${recheckMonths} 个月的预警分与价值（数据至 ${last ?? '—'}）；保住率 = （保住 + 部分保住）÷（保住 + 部分保住 + 流失），按已完成行动的记录结果`,
      `Actions ledger: overdue = open and due before ${today}; re-check = warning score and value at the base month and ${recheckMonths} months later (data up to ${last ?? '—'}); retention rate = (retained + partly) ÷ (retained + partly + lost), from the outcomes recorded on done actions`,
    ),
    inputs: [
      { label: T('行动', 'Actions'), value: list.length },
      { label: T('进行中', 'Open'), value: open },
      { label: T('逾期', 'Overdue'), value: overdueActions.length },
      { label: T('已完成', 'Done'), value: done },
      { label: T('已取消', 'Cancelled'), value: cancelled },
      { label: T('已复盘', 'Re-checked'), value: rc.done },
      { label: T('已完成且有结果（保住/部分/流失）', 'Done with an outcome (retained/partly/lost)'), value: outcomes.retained + outcomes.partly + outcomes.lost },
    ],
    settings: [
      { label: T('复盘间隔（月）', 'Re-check after (months)'), value: recheckMonths },
      { label: T('措施历史的最少已完成行动数', 'Fewest closed actions for a measure’s history'), value: eff.minClosed },
    ],
  };
  return {
    asOf: last,
    today,
    total: list.length,
    open,
    done,
    cancelled,
    overdue: overdueActions.length,
    overdueActions,
    byCause,
    outcomes,
    recheck: rc,
    effectiveness: { closed: eff.closed, retentionRate: eff.total.retentionRate.value, revenueKept: eff.total.revenueKept.value, minClosed: eff.minClosed, byMeasure },
    trace,
  };
}
