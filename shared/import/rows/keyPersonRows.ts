/** Rows of a key-person list (关键人): one KeyPerson per group, role and name. */
import { canonicalRole } from '../../model/keyPersons';
import type { KeyPerson } from '../../model/portfolio';
import { duplicateMessage, type GroupNames, type KindRows, type RowOutcome } from './kindRows';
import { quote, type RowCursor } from './rowCursor';

export class KeyPersonRows implements KindRows {
  readonly keyPersons: KeyPerson[] = [];
  private readonly seen = new Map<string, { row: number; person: KeyPerson }>();

  constructor(
    private readonly c: RowCursor,
    private readonly groupNames: GroupNames,
  ) {}

  process(): RowOutcome {
    const c = this.c;
    const S = c.S;
    const code = c.readGroupCode(true);
    const name = c.readText(S.personName);
    if (name === null) c.report('missingPersonName', S.personName, { zh: '关键人姓名为空，已跳过此行', en: 'key-person name is empty; row skipped' });
    const roleText = c.readText(S.role);
    const role = canonicalRole(roleText);
    if (roleText !== null && role === null)
      c.report('unknownRole', S.role, {
        zh: `角色“${quote(roleText)}”不是决策者/联络人/技术负责人/采购负责人，已按原文保留`,
        en: `role "${quote(roleText)}" is not decision maker / contact / technical lead / procurement lead; kept as written`,
      });
    if (role !== null) c.setValue(S.role, role);
    const groupName = c.readText(S.groupName);
    const p: KeyPerson = {
      groupCode: code ?? '',
      role: role ?? roleText,
      name,
      relationshipStrength: c.readNumber(S.relationshipStrength),
      lastContactDate: c.readDate(S.lastContactDate),
      competitorContact: c.readFlag(S.competitorContact),
      roleSince: c.readDate(S.roleSince),
    };
    if (code !== null && groupName !== null && !this.groupNames.has(code)) this.groupNames.set(code, groupName);
    if (code === null || name === null || c.hasErrors()) return 'error';
    const key = `${code}\u0000${p.role ?? ''}\u0000${name}`;
    const prev = this.seen.get(key);
    if (prev) {
      const a = prev.person;
      if (a.relationshipStrength === p.relationshipStrength && a.lastContactDate === p.lastContactDate && a.competitorContact === p.competitorContact && a.roleSince === p.roleSince) return 'duplicate';
      c.report('duplicatePerson', S.personName, duplicateMessage({ zh: `集团${code}的${p.role ?? ''}${name}`, en: `${p.role ?? ''} ${name} of group ${code}` }, prev.row));
      return 'error';
    }
    this.seen.set(key, { row: c.r + 1, person: p });
    this.keyPersons.push(p);
    return 'imported';
  }
}
