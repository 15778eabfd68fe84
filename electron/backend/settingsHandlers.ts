/** The 设置 channels: the open workspace's analysis settings, read, changed one key at a time, reset. */
import { DEFAULT_SETTINGS, getSetting, SETTINGS_META, withSetting } from '../../shared/analytics';
import type { ApiRequest } from '../../shared/api/contract';
import type { AnalysisContext } from './analysisContext';

export function settingsHandlers(ctx: Pick<AnalysisContext, 'workspace' | 'settings' | 'userError'>) {
  return {
    'settings.get': async () => ({ settings: ctx.settings(), defaults: DEFAULT_SETTINGS, meta: [...SETTINGS_META] }),
    'settings.update': async ({ key, value }: ApiRequest<'settings.update'>) => {
      const ws = ctx.workspace();
      const result = withSetting(ctx.settings(), key, value);
      if (!result.ok) {
        const detail = result.issues.map((i) => `${i.key}: ${i.message}`).join('; ');
        throw ctx.userError({ code: 'bad-request', message: { zh: `设置值无效：${detail}`, en: `Invalid setting: ${detail}` } });
      }
      await ws.saveSettings(result.settings);
      return { settings: result.settings };
    },
    'settings.reset': async ({ key }: ApiRequest<'settings.reset'>) => {
      const ws = ctx.workspace();
      if (key === undefined) {
        await ws.saveSettings(DEFAULT_SETTINGS);
        return { settings: DEFAULT_SETTINGS };
      }
      const result = withSetting(ctx.settings(), key, getSetting(DEFAULT_SETTINGS, key));
      if (!result.ok) throw ctx.userError({ code: 'bad-request', message: { zh: `未知设置：${key}`, en: `Unknown setting: ${key}` } });
      await ws.saveSettings(result.settings);
      return { settings: result.settings };
    },
  };
}
