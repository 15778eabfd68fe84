/** The 映射模板 channels: the column mappings the workspace remembers per header signature. */
import type { ApiRequest } from '../../../shared/api/contract';
import type { AnalysisContext } from '../analysisContext';

export function templateHandlers(ctx: Pick<AnalysisContext, 'workspace' | 'userError'>) {
  return {
    'templates.list': async () => ctx.workspace().templates.map((t) => ({ signature: t.signature, name: t.name, kind: t.kind, headers: t.headers, createdAt: t.createdAt, usedAt: t.usedAt })),
    'templates.rename': async ({ signature, name }: ApiRequest<'templates.rename'>) => {
      const ws = ctx.workspace();
      if (!ws.templates.some((t) => t.signature === signature)) throw ctx.userError({ code: 'not-found', message: { zh: '找不到该模板', en: 'No such template' } });
      await ws.saveTemplates(ws.templates.map((t) => (t.signature === signature ? { ...t, name } : t)));
      return { ok: true as const };
    },
    'templates.delete': async ({ signature }: ApiRequest<'templates.delete'>) => {
      const ws = ctx.workspace();
      await ws.saveTemplates(ws.templates.filter((t) => t.signature !== signature));
      return { ok: true as const };
    },
  };
}
