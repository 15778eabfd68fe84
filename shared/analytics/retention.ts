/**
 * Count vs value retention (seed 003): of the groups active in the snapshot
 * month (basis revenue > 0), how many are still active now (count
 * retention), and their revenue now over their revenue in the snapshot month
 * (value retention); members and minutes of the same groups alongside. With
 * member snapshots (拍照成员), the same two figures per member: members still
 * 在网 over all snapshot members, and Σ current ARPU over Σ snapshot ARPU.
 */
import type { LocalText, Trace } from '../model/trace';
import type { MemberSnapshot } from '../model/portfolio';
import { addMonths } from '../util/period';
import { type PortfolioIndex, resolvePeriod, revenueMatrix } from './columnar';
import { type AnalyticsSettings, settingsTrace } from './settings';
import { T, basisLabel, fmtMoney, fmtNum, fmtShare } from './text';

export interface RetentionGroupLine {
  groupCode: string;
  groupName: string;
  snapshotRevenue: number;
  currentRevenue: number;
  /** current ÷ snapshot */
  ratio: number;
  active: boolean;
}

export interface RetentionResult {
  snapshot: { requested: string; period: string };
  asOf: string;
  settings: AnalyticsSettings;
  groups: {
    snapshotCount: number;
    stillActive: number;
    countRetention: number | null;
    snapshotRevenue: number;
    currentRevenue: number;
    valueRetention: number | null;
    /** members of the snapshot groups (facts), when known in both months */
    snapshotMembers: number | null;
    currentMembers: number | null;
    memberRetention: number | null;
    snapshotMinutes: number | null;
    currentMinutes: number | null;
    minutesRetention: number | null;
    /** snapshot groups no longer active */
    lost: string[];
    /** snapshot groups by value lost, biggest first */
    lines: RetentionGroupLine[];
    trace: Trace;
  };
  members: {
    snapshotCount: number;
    stillActive: number;
    countRetention: number | null;
    /** Σ snapshot ARPU of the members whose ARPU is known */
    snapshotArpu: number;
    /** Σ current ARPU of those still active */
    currentArpu: number;
    valueRetention: number | null;
    /** members left out of the value (snapshot ARPU, or an active member's current ARPU, missing) */
    unknownArpu: number;
    byStatus: Record<string, number>;
    trace: Trace;
  } | null;
}

/** The figures of one snapshot month against one as-of column (the engine of `retentionAt`; call that). */
export function computeRetention(ix: PortfolioIndex, s: AnalyticsSettings, snapshot: string, asOfColumn: number, memberSnapshots?: readonly MemberSnapshot[]): RetentionResult {
  const snap = resolvePeriod(ix, snapshot);
  const t0 = snap.column;
  const t1 = asOfColumn;
  if (t0 > t1) throw new RangeError(`拍照期 ${snapshot} 晚于 ${ix.periods[t1] ?? ''} / snapshot ${snapshot} is after ${ix.periods[t1] ?? ''}`);
  const asOf = ix.periods[t1] as string;
  const rev = revenueMatrix(ix, s.value.basis);
  const mem = ix.m.members;
  const mins = ix.m.minutes;
  const nP = ix.nP;
  let snapshotCount = 0;
  let stillActive = 0;
  let snapRev = 0;
  let curRev = 0;
  let m0 = 0;
  let m1 = 0;
  let memKnown = true;
  let n0 = 0;
  let n1 = 0;
  let minKnown = true;
  const lost: string[] = [];
  const lines: RetentionGroupLine[] = [];
  for (let g = 0; g < ix.nG; g++) {
    const base = g * nP;
    const a = rev[base + t0] as number;
    if (!(a > 0)) continue;
    snapshotCount++;
    const bRaw = rev[base + t1] as number;
    const b = Number.isNaN(bRaw) ? 0 : bRaw;
    snapRev += a;
    curRev += b;
    const active = b > 0;
    if (active) stillActive++;
    else lost.push(ix.codes[g] as string);
    const ma = mem[base + t0] as number;
    const mb = mem[base + t1] as number;
    if (Number.isNaN(ma) || (Number.isNaN(mb) && active)) memKnown = false;
    else {
      m0 += ma;
      m1 += Number.isNaN(mb) ? 0 : mb;
    }
    const na = mins[base + t0] as number;
    const nb = mins[base + t1] as number;
    if (Number.isNaN(na) || (Number.isNaN(nb) && active)) minKnown = false;
    else {
      n0 += na;
      n1 += Number.isNaN(nb) ? 0 : nb;
    }
    lines.push({ groupCode: ix.codes[g] as string, groupName: ix.groups[g]?.groupName ?? '', snapshotRevenue: a, currentRevenue: b, ratio: b / a, active });
  }
  lines.sort((x, y) => y.snapshotRevenue - y.currentRevenue - (x.snapshotRevenue - x.currentRevenue) || (x.groupCode < y.groupCode ? -1 : 1));
  const basis = basisLabel(s.value.basis);
  const countRetention = snapshotCount > 0 ? stillActive / snapshotCount : null;
  const valueRetention = snapRev > 0 ? curRev / snapRev : null;
  const groupsPart = {
    snapshotCount,
    stillActive,
    countRetention,
    snapshotRevenue: snapRev,
    currentRevenue: curRev,
    valueRetention,
    snapshotMembers: memKnown ? m0 : null,
    currentMembers: memKnown ? m1 : null,
    memberRetention: memKnown && m0 > 0 ? m1 / m0 : null,
    snapshotMinutes: minKnown ? n0 : null,
    currentMinutes: minKnown ? n1 : null,
    minutesRetention: minKnown && n0 > 0 ? n1 / n0 : null,
    lost,
    lines,
    trace: {
      rule: T(
        `拍照期 ${snap.period} ${basis.zh}大于 0 的集团：数量保有率 = ${asOf} 仍有收入的集团数 ÷ 拍照集团数；价值保有率 = 这些集团 ${asOf} 的${basis.zh} ÷ 拍照期${basis.zh}`,
        `Groups with ${basis.en.toLowerCase()} > 0 in the snapshot month ${snap.period}: count retention = those still billing in ${asOf} ÷ snapshot groups; value retention = their ${basis.en.toLowerCase()} in ${asOf} ÷ in ${snap.period}`,
      ),
      inputs: [
        { label: T('拍照集团数', 'Snapshot groups'), value: snapshotCount },
        { label: T('仍在网集团数', 'Still active'), value: stillActive },
        { label: T('拍照期收入（元）', 'Snapshot revenue (yuan)'), value: fmtMoney(snapRev) },
        { label: T('当前收入（元）', 'Current revenue (yuan)'), value: fmtMoney(curRev) },
        { label: T('数量保有率', 'Count retention'), value: countRetention === null ? '—' : fmtShare(countRetention) },
        { label: T('价值保有率', 'Value retention'), value: valueRetention === null ? '—' : fmtShare(valueRetention) },
      ],
      settings: settingsTrace(s, ['value.basis', ...RETENTION_KEYS]),
    },
  };

  const members = memberRetention(s, snap.period, memberSnapshots);
  return { snapshot: { requested: snapshot, period: snap.period }, asOf, settings: s, groups: groupsPart, members };
}

const RETENTION_KEYS = ['retention.snapshotPeriod', 'retention.monthsBack'] as const;

function memberRetention(s: AnalyticsSettings, period: string, memberSnapshots: readonly MemberSnapshot[] | undefined): RetentionResult['members'] {
  if (!memberSnapshots || memberSnapshots.length === 0) return null;
  let count = 0;
  let active = 0;
  let a0 = 0;
  let a1 = 0;
  let unknownArpu = 0;
  const byStatus: Record<string, number> = {};
  for (const m of memberSnapshots) {
    if (m.period !== null && m.period !== period) continue;
    count++;
    byStatus[m.status] = (byStatus[m.status] ?? 0) + 1;
    const isActive = m.status === 'active';
    if (isActive) active++;
    // the value compares like with like: a member whose snapshot ARPU (or, still active, current ARPU) is missing is left out of both sums
    if (m.snapshotArpu === null || (isActive && m.currentArpu === null)) {
      unknownArpu++;
      continue;
    }
    a0 += m.snapshotArpu;
    a1 += isActive ? (m.currentArpu ?? 0) : 0;
  }
  if (count === 0) return null;
  const cr = active / count;
  const vr = a0 > 0 ? a1 / a0 : null;
  const note: LocalText =
    unknownArpu > 0 ? T(`（${unknownArpu} 名成员 ARPU 缺失，未计入价值）`, ` (${unknownArpu} members without ARPU are left out of the value)`) : T('', '');
  return {
    snapshotCount: count,
    stillActive: active,
    countRetention: cr,
    snapshotArpu: a0,
    currentArpu: a1,
    valueRetention: vr,
    unknownArpu,
    byStatus,
    trace: {
      rule: T(
        `${period} 拍照成员：数量保有率 = 仍在网成员 ÷ 拍照成员；价值保有率 = 在网成员当前 ARPU 之和 ÷ 拍照成员拍照 ARPU 之和（当前 = 拍照成员清单导入时的状态与 ARPU）${note.zh}`,
        `Members in the ${period} snapshot: count retention = members still active ÷ snapshot members; value retention = Σ current ARPU of active members ÷ Σ snapshot ARPU of the snapshot members (current = status and ARPU as imported with the snapshot list)${note.en}`,
      ),
      inputs: [
        { label: T('拍照成员', 'Snapshot members'), value: count },
        { label: T('在网成员', 'Still active'), value: active },
        { label: T('拍照 ARPU 合计（元）', 'Snapshot ARPU total (yuan)'), value: fmtMoney(a0) },
        { label: T('当前 ARPU 合计（元）', 'Current ARPU total (yuan)'), value: fmtMoney(a1) },
      ],
      settings: settingsTrace(s, RETENTION_KEYS),
    },
  };
}

/** One retention figure with its own trace. */
export interface RetentionFigure {
  value: number | null;
  trace: Trace;
}

/**
 * Count and value retention, groups and members, at one as-of month against
 * the snapshot month (拍照期) of the settings: `retention.snapshotPeriod`, or
 * `retention.monthsBack` months before the as-of month when that is empty
 * (`options.snapshot` overrides both). The one function every page, the
 * review deck, the roll-up and the CLI take retention from.
 */
export interface RetentionAt {
  /** the snapshot month used (YYYY-MM) */
  snapshot: string;
  /** where it came from: the setting, `monthsBack` before asOf, or the caller */
  source: 'setting' | 'monthsBack' | 'request';
  asOf: string;
  /** why there are no group figures (snapshot outside the data or after asOf); null when there are */
  reason: LocalText | null;
  groups: {
    snapshotCount: number;
    stillActive: number;
    snapshotRevenue: number;
    currentRevenue: number;
    count: RetentionFigure;
    value: RetentionFigure;
  } | null;
  members: {
    snapshotCount: number;
    stillActive: number;
    snapshotArpu: number;
    currentArpu: number;
    count: RetentionFigure;
    value: RetentionFigure;
  } | null;
  /** why there are no member figures: none imported, or none of the snapshot month; null when there are */
  membersReason: LocalText | null;
  /** whether any 拍照成员 are imported (of any month) */
  membersImported: boolean;
  /** the full result (lines, lost groups, members and minutes of the groups); null with `reason` */
  detail: RetentionResult | null;
}

export interface RetentionAtOptions {
  /** a snapshot month (YYYY-MM or YYYYQn) instead of the settings' */
  snapshot?: string;
}

const pctText = (x: number | null): string => (x === null ? '—' : fmtShare(x));

export function retentionAt(ix: PortfolioIndex, s: AnalyticsSettings, asOfColumn: number, memberSnapshots?: readonly MemberSnapshot[], options: RetentionAtOptions = {}): RetentionAt {
  const asOf = ix.periods[asOfColumn];
  if (asOf === undefined) throw new RangeError('尚无出账数据 / no billing data');
  const r = s.retention;
  const source: RetentionAt['source'] = options.snapshot !== undefined ? 'request' : r.snapshotPeriod !== null ? 'setting' : 'monthsBack';
  const requested = options.snapshot ?? r.snapshotPeriod ?? addMonths(asOf, -r.monthsBack);
  const setting = settingsTrace(s, RETENTION_KEYS);
  const imported = (memberSnapshots?.length ?? 0) > 0;
  const noMembers = (period: string): LocalText => {
    if (!memberSnapshots || memberSnapshots.length === 0) {
      // a scope whose groups have none, while the workspace has them: not "not imported"
      const outside = ix.portfolio.outsideScope?.memberSnapshots ?? 0;
      if (outside > 0)
        return T(`本范围的集团没有拍照成员（工作区已导入的 ${fmtNum(outside, 0)} 个拍照成员都不属于本范围）`, `None of this scope’s groups has snapshot members (the workspace’s ${fmtNum(outside, 0)} snapshot members are all outside it)`);
      return T('未导入拍照成员', 'No member snapshot imported');
    }
    const periods = new Set<string>();
    for (const m of memberSnapshots) if (m.period !== null) periods.add(m.period);
    const list = [...periods].sort().slice(0, 3);
    return T(`拍照成员为 ${list.join('、')}，没有 ${period} 的拍照成员`, `The member snapshot is of ${list.join(', ')}; none is of ${period}`);
  };
  let snap: { period: string; column: number } | null = null;
  let reason: LocalText | null = null;
  try {
    const rp = resolvePeriod(ix, requested);
    snap = { period: rp.period, column: rp.column };
  } catch {
    reason = T(`拍照期 ${requested} 不在数据范围内（${ix.periods[0] ?? ''}…${ix.periods[ix.nP - 1] ?? ''}）`, `The snapshot month ${requested} is outside the data (${ix.periods[0] ?? ''}…${ix.periods[ix.nP - 1] ?? ''})`);
  }
  if (snap && snap.column > asOfColumn) {
    reason = T(`拍照期 ${snap.period} 晚于分析期 ${asOf}`, `The snapshot month ${snap.period} is after the analysis month ${asOf}`);
    snap = null;
  }
  if (!snap) {
    return { snapshot: requested, source, asOf, reason, groups: null, members: null, membersReason: reason, membersImported: imported, detail: null };
  }
  const d = computeRetention(ix, s, snap.period, asOfColumn, memberSnapshots);
  const basis = basisLabel(s.value.basis);
  const g = d.groups;
  const where = [
    { label: T('拍照期', 'Snapshot month'), value: snap.period },
    { label: T('分析期', 'Analysis month'), value: asOf },
  ];
  const groups: RetentionAt['groups'] = {
    snapshotCount: g.snapshotCount,
    stillActive: g.stillActive,
    snapshotRevenue: g.snapshotRevenue,
    currentRevenue: g.currentRevenue,
    count: {
      value: g.countRetention,
      trace: {
        rule: T(
          `集团数量保有率 = ${asOf} 仍有${basis.zh}的拍照集团数 ÷ 拍照集团数（拍照集团 = ${snap.period} ${basis.zh}大于 0 的集团）`,
          `Group count retention = snapshot groups still billed in ${asOf} ÷ snapshot groups (snapshot groups = ${basis.en.toLowerCase()} > 0 in ${snap.period})`,
        ),
        inputs: [
          ...where,
          { label: T('拍照集团数', 'Snapshot groups'), value: g.snapshotCount },
          { label: T('仍在网集团数', 'Still billed'), value: g.stillActive },
          { label: T('数量保有率', 'Count retention'), value: pctText(g.countRetention) },
        ],
        settings: [...setting, ...settingsTrace(s, ['value.basis'])],
      },
    },
    value: {
      value: g.valueRetention,
      trace: {
        rule: T(
          `集团价值保有率 = 拍照集团 ${asOf} 的${basis.zh} ÷ 它们 ${snap.period} 的${basis.zh}（已流失的集团计 0）`,
          `Group value retention = the snapshot groups' ${basis.en.toLowerCase()} in ${asOf} ÷ their ${basis.en.toLowerCase()} in ${snap.period} (a group lost counts 0)`,
        ),
        inputs: [
          ...where,
          { label: T('拍照集团数', 'Snapshot groups'), value: g.snapshotCount },
          { label: T('拍照期收入（元）', 'Snapshot revenue (yuan)'), value: fmtMoney(g.snapshotRevenue) },
          { label: T('当前收入（元）', 'Current revenue (yuan)'), value: fmtMoney(g.currentRevenue) },
          { label: T('价值保有率', 'Value retention'), value: pctText(g.valueRetention) },
        ],
        settings: [...setting, ...settingsTrace(s, ['value.basis'])],
      },
    },
  };
  const m = d.members;
  let members: RetentionAt['members'] = null;
  if (m) {
    const unknown = m.unknownArpu > 0 ? [{ label: T('ARPU 缺失、未计入价值的成员', 'Members without ARPU, left out of the value'), value: m.unknownArpu }] : [];
    members = {
      snapshotCount: m.snapshotCount,
      stillActive: m.stillActive,
      snapshotArpu: m.snapshotArpu,
      currentArpu: m.currentArpu,
      count: {
        value: m.countRetention,
        trace: {
          rule: T(
            `成员数量保有率 = 仍在网的拍照成员 ÷ ${snap.period} 拍照成员（当前状态 = 拍照成员清单导入时的状态）`,
            `Member count retention = snapshot members still active ÷ members in the ${snap.period} snapshot (current status = as imported with the snapshot list)`,
          ),
          inputs: [
            { label: T('拍照期', 'Snapshot month'), value: snap.period },
            { label: T('拍照成员', 'Snapshot members'), value: m.snapshotCount },
            { label: T('在网成员', 'Still active'), value: m.stillActive },
            { label: T('离网成员', 'Left'), value: m.byStatus.left ?? 0 },
            { label: T('携出成员', 'Ported out'), value: m.byStatus.portedOut ?? 0 },
            { label: T('数量保有率', 'Count retention'), value: pctText(m.countRetention) },
          ],
          settings: setting,
        },
      },
      value: {
        value: m.valueRetention,
        trace: {
          rule: T(
            `成员价值保有率 = 在网拍照成员当前 ARPU 之和 ÷ 拍照成员拍照 ARPU 之和（离网、携出的成员计 0${m.unknownArpu > 0 ? '；ARPU 缺失的成员两边都不计' : ''}）`,
            `Member value retention = Σ current ARPU of the snapshot members still active ÷ Σ snapshot ARPU of the snapshot members (members who left or ported out count 0${m.unknownArpu > 0 ? '; members without ARPU are left out of both' : ''})`,
          ),
          inputs: [
            { label: T('拍照期', 'Snapshot month'), value: snap.period },
            { label: T('拍照 ARPU 合计（元）', 'Snapshot ARPU total (yuan)'), value: fmtMoney(m.snapshotArpu) },
            { label: T('当前 ARPU 合计（元）', 'Current ARPU total (yuan)'), value: fmtMoney(m.currentArpu) },
            ...unknown,
            { label: T('价值保有率', 'Value retention'), value: pctText(m.valueRetention) },
          ],
          settings: setting,
        },
      },
    };
  }
  return { snapshot: snap.period, source, asOf, reason: null, groups, members, membersReason: members ? null : noMembers(snap.period), membersImported: imported, detail: d };
}

/** What the pages and `holdfast analyze --json` show: the figures and their traces, without the per-group detail. */
export type RetentionSummary = Omit<RetentionAt, 'detail'>;

export function retentionSummary(r: RetentionAt): RetentionSummary {
  return { snapshot: r.snapshot, source: r.source, asOf: r.asOf, reason: r.reason, groups: r.groups, members: r.members, membersReason: r.membersReason, membersImported: r.membersImported };
}
