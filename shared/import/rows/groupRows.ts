/** Rows of a group master (集团客户资料): one Group per code; a repeated code must repeat its values. */
import type { Group } from '../../model/portfolio';
import { sameGroup } from '../plan';
import { duplicateMessage, type KindRows, type RowOutcome } from './kindRows';
import type { RowCursor } from './rowCursor';

export class GroupRows implements KindRows {
  readonly groups: Group[] = [];
  private readonly seen = new Map<string, { row: number; group: Group }>();

  constructor(private readonly c: RowCursor) {}

  process(): RowOutcome {
    const c = this.c;
    const S = c.S;
    const code = c.readGroupCode(false);
    const groupName = c.readText(S.groupName);
    if (code !== null && groupName === null && c.has('groupName')) c.report('missingGroupName', S.groupName, { zh: '集团名称为空', en: 'group name is empty' });
    const employees = c.readNumber(S.employees);
    const g: Group = {
      groupCode: code ?? '',
      groupName: groupName ?? '',
      groupClass: c.readText(S.groupClass),
      importance: c.readText(S.importance),
      industry: c.readText(S.industry),
      region: c.readText(S.region),
      accountManager: c.readText(S.accountManager),
      employees,
      contractEnd: c.readDate(S.contractEnd),
      competitorPresence: c.readText(S.competitorPresence),
      lineGrade: c.readText(S.lineGrade),
    };
    if (code === null || c.hasErrors()) return 'error';
    const prev = this.seen.get(code);
    if (prev) {
      if (sameGroup(prev.group, g)) return 'duplicate';
      c.report('duplicateGroup', S.groupCode, duplicateMessage({ zh: `集团${code}`, en: `group ${code}` }, prev.row));
      return 'error';
    }
    this.seen.set(code, { row: c.r + 1, group: g });
    this.groups.push(g);
    return 'imported';
  }
}
