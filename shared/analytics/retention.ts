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
import { type PortfolioIndex, resolvePeriod, revenueMatrix } from './columnar';
import { type AnalyticsSettings, settingsTrace } from './settings';
import { T, basisLabel, fmtMoney, fmtPct } from './text';

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
    snapshotArpu: number;
    currentArpu: number;
    valueRetention: number | null;
    byStatus: Record<string, number>;
    trace: Trace;
  } | null;
}

export function computeRetention(ix: PortfolioIndex, s: AnalyticsSettings, snapshot: string, asOfColumn: number, memberSnapshots?: readonly MemberSnapshot[]): RetentionResult {
  const snap = resolvePeriod(ix, snapshot);
  const t0 = snap.column;
  const t1 = asOfColumn;
  if (t0 > t1) throw new RangeError(`拍照期 ${snapshot} 晚于 ${ix.periods[t1] ?? ''} / snapshot ${snapshot} is after ${ix.periods[t1] ?? ''}`);
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
  const asOf = ix.periods[t1] as string;
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
        { label: T('数量保有率', 'Count retention'), value: countRetention === null ? '—' : fmtPct(countRetention, 1) },
        { label: T('价值保有率', 'Value retention'), value: valueRetention === null ? '—' : fmtPct(valueRetention, 1) },
      ],
      settings: settingsTrace(s, ['value.basis']),
    },
  };

  let members: RetentionResult['members'] = null;
  if (memberSnapshots && memberSnapshots.length > 0) {
    const list = memberSnapshots.filter((m) => m.period === null || m.period === snap.period);
    let count = 0;
    let active = 0;
    let a0 = 0;
    let a1 = 0;
    const byStatus: Record<string, number> = {};
    for (const m of list) {
      count++;
      byStatus[m.status] = (byStatus[m.status] ?? 0) + 1;
      const isActive = m.status === 'active';
      if (isActive) active++;
      a0 += m.snapshotArpu ?? 0;
      a1 += isActive ? (m.currentArpu ?? 0) : 0;
    }
    const unknownArpu = list.filter((m) => m.snapshotArpu === null || (m.status === 'active' && m.currentArpu === null)).length;
    const cr = count > 0 ? active / count : null;
    const vr = a0 > 0 ? a1 / a0 : null;
    const note: LocalText =
      unknownArpu > 0
        ? T(`（${unknownArpu} 名成员 ARPU 缺失，未计入价值）`, ` (${unknownArpu} members without ARPU are left out of the value)`)
        : T('', '');
    members = {
      snapshotCount: count,
      stillActive: active,
      countRetention: cr,
      snapshotArpu: a0,
      currentArpu: a1,
      valueRetention: vr,
      byStatus,
      trace: {
        rule: T(
          `拍照成员：数量保有率 = 在网成员 ÷ 拍照成员；价值保有率 = 在网成员当前 ARPU 之和 ÷ 全部拍照成员拍照 ARPU 之和${note.zh}`,
          `Snapshot members: count retention = members still active ÷ snapshot members; value retention = Σ current ARPU of active members ÷ Σ snapshot ARPU of all snapshot members${note.en}`,
        ),
        inputs: [
          { label: T('拍照成员', 'Snapshot members'), value: count },
          { label: T('在网成员', 'Still active'), value: active },
          { label: T('拍照 ARPU 合计（元）', 'Snapshot ARPU total (yuan)'), value: fmtMoney(a0) },
          { label: T('当前 ARPU 合计（元）', 'Current ARPU total (yuan)'), value: fmtMoney(a1) },
        ],
        settings: [],
      },
    };
  }
  return { snapshot: { requested: snapshot, period: snap.period }, asOf, settings: s, groups: groupsPart, members };
}
