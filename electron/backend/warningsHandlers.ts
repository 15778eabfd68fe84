/** Handlers of the 流失预警 channels: one window of the filtered, sorted list, and the whole filtered list as .xlsx. */
import type { LocalText } from '../../shared/api/contract';
import type { WarningFilter, WarningPage, WarningRow, WarningSort, WARNING_EXPORT_COLUMNS } from '../../shared/api/analysisContract';
import { STAGE_APPROACHES, STAGE_LABELS, type StageApproach } from '../../shared/analytics';
import type { AnalysisContext } from './analysisContext';
import { tableWorkbook } from './exportTable';
import { WarningQueryCache } from '../../shared/views/warningsQuery';

type ColumnId = (typeof WARNING_EXPORT_COLUMNS)[number];
type Kind = 'text' | 'number' | 'yuan' | 'percent';

const ZONE_NAMES: Record<string, LocalText> = {
  red: { zh: '红', en: 'Red' },
  yellow: { zh: '黄', en: 'Yellow' },
  blue: { zh: '蓝', en: 'Blue' },
  green: { zh: '绿', en: 'Green' },
  white: { zh: '白', en: 'White' },
};

function exportColumn(id: ColumnId, lang: 'zh-CN' | 'en'): { kind: Kind; get: (w: WarningRow) => string | number | null } {
  const text = (t: LocalText) => (lang === 'en' ? t.en : t.zh);
  switch (id) {
    case 'zone':
      return { kind: 'text', get: (w) => text(ZONE_NAMES[w.zone] ?? { zh: w.zone, en: w.zone }) };
    case 'code':
      return { kind: 'text', get: (w) => w.groupCode };
    case 'group':
      return { kind: 'text', get: (w) => w.groupName };
    case 'score':
      return { kind: 'number', get: (w) => w.score };
    case 'valueAtRisk':
      return { kind: 'yuan', get: (w) => w.valueAtRisk };
    case 'value':
      return { kind: 'yuan', get: (w) => w.value };
    case 'trend':
      return { kind: 'percent', get: (w) => w.trendShortPct };
    case 'signals':
      return { kind: 'text', get: (w) => w.signals.map((s) => text(s.explanation)).join(lang === 'en' ? '; ' : '；') };
    case 'stage':
      return { kind: 'text', get: (w) => (w.stageLabel ? text(w.stageLabel) : null) };
    case 'manager':
      return { kind: 'text', get: (w) => w.accountManager };
    case 'contractEnd':
      return { kind: 'text', get: (w) => w.contractEnd };
    case 'region':
      return { kind: 'text', get: (w) => w.region };
    case 'groupClass':
      return { kind: 'text', get: (w) => w.groupClass };
    case 'industry':
      return { kind: 'text', get: (w) => w.industry };
  }
}

export function warningsHandlers(ctx: AnalysisContext) {
  const cache = new WarningQueryCache();
  const stageLabels: Record<string, LocalText> = { ...STAGE_LABELS };
  const stageApproaches: Record<string, StageApproach> = { ...STAGE_APPROACHES };
  return {
    'warnings.query': async ({ filter, sort, offset, limit }: { filter: WarningFilter; sort: WarningSort; offset: number; limit: number }): Promise<WarningPage> => {
      const view = ctx.analysis();
      const rows = cache.select(view.warnings, view.asOf, filter, sort);
      return {
        asOf: view.asOf,
        defaultNote: view.defaultNote,
        total: rows.length,
        all: view.warnings.length,
        searchElsewhere: cache.searchElsewhere(view.warnings, filter),
        offset,
        rows: rows.slice(offset, offset + limit),
        zoneCounts: view.zones.counts,
        facets: cache.facets(view.warnings),
        stageLabels,
        stageApproaches,
        zoneLossProbability: view.zoneLossProbability,
        scoreScale: view.scoreScale,
      };
    },
    'warnings.export': async (req: {
      filter: WarningFilter;
      sort: WarningSort;
      language: 'zh-CN' | 'en';
      fileName: string;
      sheetName: string;
      columns: { id: ColumnId; title: string }[];
    }) => {
      const view = ctx.analysis();
      const rows = cache.select(view.warnings, view.asOf, req.filter, req.sort);
      const cols = req.columns.map((c) => ({ title: c.title, ...exportColumn(c.id, req.language) }));
      const safeName = req.fileName.replace(/[\\/:*?"<>|]/g, '_');
      const bytes = tableWorkbook(
        req.sheetName,
        cols.map((c) => ({ title: c.title, kind: c.kind })),
        rows.map((w) => cols.map((c) => c.get(w))),
      );
      return { fileName: safeName.endsWith('.xlsx') ? safeName : `${safeName}.xlsx`, dataBase64: Buffer.from(bytes).toString('base64') };
    },
  };
}
