/** The 导入 channels: stage files (in the import worker), remap, review the plan, commit or cancel, undo, the problem list. */
import type { z } from 'zod';
import type { ApiContract, Channel } from '../../../shared/api/contract';
import { ALL_FIELDS } from '../../../shared/import/synonyms';
import type { FieldId } from '../../../shared/import/types';
import type { AnalysisContext } from '../analysisContext';
import { ownedBytes } from './fileBytes';
import { ImportSessionReleased, RELEASED_SESSION_TEXT, type ImportService } from './importService';
import { problemReport } from './problemReport';

/** a channel's request as the backend receives it (validated by its schema) */
type Req<C extends Channel> = z.infer<ApiContract[C]['request']>;

interface Deps {
  /** the backend's import service (made after the handlers' table) */
  imports: () => ImportService;
  /** after a commit or an undo: caches of the data go */
  dataChanged: () => void;
}

export function importHandlers(ctx: Pick<AnalysisContext, 'workspace' | 'settings' | 'userError'>, deps: Deps) {
  const session = (id: string) => {
    const s = deps.imports().get(id);
    if (!s) throw ctx.userError({ code: 'not-found', message: { zh: '导入会话已失效，请重新选择文件', en: 'The import session has expired: choose the files again' } });
    return s;
  };
  return {
    'import.start': async ({ files, kind }: Req<'import.start'>) => {
      const ws = ctx.workspace();
      const inputs = files.map((f) => ({ fileName: f.name, bytes: ownedBytes(Buffer.from(f.dataBase64, 'base64')) }));
      const session = deps.imports().start(ws, inputs, kind);
      return { sessionId: session.id };
    },
    'import.status': async ({ sessionId }: Req<'import.status'>) => session(sessionId).view(ctx.workspace().portfolio, ctx.settings()),
    'import.update': async ({ sessionId, fileIndex, sheetIndex, kind, columns }: Req<'import.update'>) => {
      const s = session(sessionId);
      if (fileIndex >= s.files.length) throw ctx.userError({ code: 'bad-request', message: { zh: '文件序号无效', en: 'No such file in this import' } });
      const known = new Set<string>(ALL_FIELDS);
      const bad = columns?.find((c) => c.field !== null && !known.has(c.field));
      if (bad) throw ctx.userError({ code: 'bad-request', message: { zh: `未知字段：${String(bad.field)}`, en: `Unknown field: ${String(bad.field)}` } });
      try {
        await s.update(fileIndex, {
          ...(sheetIndex !== undefined ? { sheetIndex } : {}),
          ...(kind ? { kind } : {}),
          ...(columns ? { columns: columns.map((c) => ({ column: c.column, field: c.field as FieldId | null, unit: c.unit })) } : {}),
        });
      } catch (err) {
        if (err instanceof ImportSessionReleased) throw ctx.userError({ code: 'conflict', message: err.text });
        throw err;
      }
      return s.view(ctx.workspace().portfolio, ctx.settings());
    },
    'import.cancel': async ({ sessionId }: Req<'import.cancel'>) => {
      deps.imports().drop(sessionId);
      return { ok: true as const };
    },
    'import.commit': async ({ sessionId, confirmReplace }: Req<'import.commit'>) => {
      const ws = ctx.workspace();
      const s = session(sessionId);
      if (s.workspaceId !== ws.id) throw ctx.userError({ code: 'conflict', message: { zh: '导入会话属于另一个工作区', en: 'This import belongs to another workspace' } });
      await s.settled();
      if (s.isReleased) throw ctx.userError({ code: 'conflict', message: RELEASED_SESSION_TEXT });
      const plan = s.plan(ws.portfolio);
      if (!plan) throw ctx.userError({ code: 'conflict', message: { zh: '导入尚未准备好', en: 'The import is not ready' } });
      if (plan.factRows + plan.newGroups + plan.changedGroups + plan.memberRows + plan.keyPersonRows + plan.surveyRows === 0) {
        throw ctx.userError({ code: 'bad-request', message: { zh: '没有可导入的数据行', en: 'There are no rows to import' } });
      }
      if (plan.replacedPeriods.length > 0 && !confirmReplace) {
        throw ctx.userError({
          code: 'needs-confirmation',
          message: { zh: `将替换已有账期：${plan.replacedPeriods.join('、')}`, en: `This replaces existing periods: ${plan.replacedPeriods.join(', ')}` },
        });
      }
      const done = await deps.imports().commit(ws, s);
      deps.dataChanged();
      return { plan: done, workspaceModifiedAt: ws.info().modifiedAt };
    },
    'import.undo': async () => {
      const undone = await ctx.workspace().undoLastImport();
      deps.dataChanged();
      return { ok: true as const, undone };
    },
    'import.problemReport': async ({ sessionId, language }: Req<'import.problemReport'>) => {
      const s = session(sessionId);
      const bytes = problemReport(s.allProblems(), language);
      return { fileName: language === 'en' ? 'import-problems.xlsx' : '导入问题清单.xlsx', dataBase64: Buffer.from(bytes).toString('base64') };
    },
  };
}
