/** Rows of a member snapshot (拍照成员): one MemberSnapshot per member and snapshot period. */
import type { MemberSnapshot } from '../../model/portfolio';
import { cellText, parseCode, parseMemberStatus } from '../normalise';
import { duplicateMessage, type KindRows, type RowOutcome } from './kindRows';
import { quote, type RowCursor } from './rowCursor';

function sameMember(a: MemberSnapshot, b: MemberSnapshot): boolean {
  return a.groupCode === b.groupCode && a.status === b.status && a.snapshotArpu === b.snapshotArpu && a.currentArpu === b.currentArpu;
}

export class MemberRows implements KindRows {
  readonly members: MemberSnapshot[] = [];
  private readonly seen = new Map<string, { row: number; member: MemberSnapshot }>();

  constructor(private readonly c: RowCursor) {}

  process(): RowOutcome {
    const c = this.c;
    const S = c.S;
    const row = c.row;
    const mc = S.memberId.c;
    const mp = parseCode(row[mc]);
    let memberId: string | null = null;
    if (!mp.ok) {
      const text = quote(cellText(row[mc]));
      c.report('badMemberId', S.memberId, { zh: `成员号码“${text}”无法识别，已跳过此行`, en: `member id "${text}" not recognised; row skipped` });
    } else if (mp.value === null) c.report('missingMemberId', S.memberId, { zh: '成员号码为空，已跳过此行', en: 'member id is empty; row skipped' });
    else {
      memberId = mp.value;
      if (mp.mangled)
        c.report('mangledCode', S.memberId, {
          zh: `成员号码“${memberId}”疑似被Excel科学计数法截断，请把该列设为文本后重新导出`,
          en: `member id "${memberId}" looks cut by Excel's scientific notation; set the column to text and export again`,
        });
    }
    c.setValue(S.memberId, memberId);
    const code = c.readGroupCode(true);
    const sc = S.status.c;
    const st = parseMemberStatus(row[sc]);
    let status: MemberSnapshot['status'] | null = null;
    if (!st.ok || st.value === null) {
      const text = quote(cellText(row[sc]));
      c.report('badStatus', S.status, {
        zh: st.ok ? '成员状态为空，已跳过此行' : `成员状态“${text}”无法识别（应为在网/离网/携出），已跳过此行`,
        en: st.ok ? 'member status is empty; row skipped' : `member status "${text}" not recognised (expected 在网/离网/携出); row skipped`,
      });
    } else status = st.value;
    c.setValue(S.status, status);
    const period = c.readOptionalPeriod({ zh: '拍照账期', en: 'snapshot period' });
    const m: MemberSnapshot = {
      memberId: memberId ?? '',
      groupCode: code ?? '',
      status: status ?? 'active',
      period,
      snapshotArpu: c.readNumber(S.snapshotArpu),
      currentArpu: c.readNumber(S.currentArpu),
    };
    if (memberId === null || code === null || status === null || c.hasErrors()) return 'error';
    const key = `${memberId}\u0000${period ?? ''}`;
    const prev = this.seen.get(key);
    if (prev) {
      if (sameMember(prev.member, m)) return 'duplicate';
      c.report('duplicateMember', S.memberId, duplicateMessage({ zh: `成员${memberId}`, en: `member ${memberId}` }, prev.row));
      return 'error';
    }
    this.seen.set(key, { row: c.r + 1, member: m });
    this.members.push(m);
    return 'imported';
  }
}
