/**
 * The quarterly review (docs/domain.md §7, issue #8): the deck model shared by the
 * builder (shared/review), the backend (exports) and the UI (editor, presenter).
 *
 * Schemas are zod so the contract can validate them; the trace comes from
 * shared/model/trace.ts.
 */
import { z } from 'zod';
import { TraceSchema as TraceLike } from '../model/trace';
import { QUARTER_RE } from '../util/period';

/** A quarter, 'YYYYQn' (shared/util/period.ts). */
export { QUARTER_RE };
export const QuarterSchema = z.string().regex(QUARTER_RE, 'quarter must be YYYYQn');
export type Quarter = z.infer<typeof QuarterSchema>;

export const ReviewLanguageSchema = z.enum(['zh-CN', 'en']);
export type ReviewLanguage = z.infer<typeof ReviewLanguageSchema>;

export const REVIEW_PARTS = ['position', 'value', 'risk', 'competition', 'plan', 'free'] as const;
export const ReviewPartSchema = z.enum(REVIEW_PARTS);
export type ReviewPart = z.infer<typeof ReviewPartSchema>;

/** The built slides, in their default order (stable ids: edits are matched by them). */
export const BUILT_SLIDE_IDS = ['position', 'position-trend', 'value-quadrant', 'value-migration', 'risk-warnings', 'risk-top', 'risk-backtest', 'risk-survey', 'competition', 'plan'] as const;
export type BuiltSlideId = (typeof BUILT_SLIDE_IDS)[number];

/** A number quoted by a finding or a KPI: its value, how it is written in the text, and its trace. */
export const ReviewFigureSchema = z.object({
  /** short name in the deck's language, e.g. "出账收入环比" */
  label: z.string(),
  /** the engine's value (fractions stay fractions; money in 元); null = cannot be computed */
  value: z.number().nullable(),
  /** exactly as written in the finding / card, e.g. "4.2%", "12", "38.6万元" */
  display: z.string(),
  /**
   * how `display` writes `value`: count = integer; wan = 元 ÷ 10 000, one decimal (en: ¥…k/M);
   * pct = |fraction| × 100, one decimal (the sign is in the words: 下降/上升); pp = |difference| × 100, one decimal;
   * ratio = two decimals (AUC, lift); month = integer months
   */
  format: z.enum(['count', 'wan', 'pct', 'pp', 'ratio', 'month']),
  trace: TraceLike,
});
export type ReviewFigure = z.infer<typeof ReviewFigureSchema>;

export const ReviewFindingSchema = z.object({
  /** stable within the slide ('f1', 'f2', …) */
  id: z.string(),
  text: z.string(),
  /** the numbers in `text`, in order; empty for free text */
  figures: z.array(ReviewFigureSchema),
});
export type ReviewFinding = z.infer<typeof ReviewFindingSchema>;

export const KpiChangeSchema = z.object({
  /** "环比" / "同比" or "vs prev. quarter" / "vs last year" */
  label: z.string(),
  /** fraction: relative change ('pct') or difference of two shares ('pp'); null with reason when not comparable */
  change: z.number().nullable(),
  kind: z.enum(['pct', 'pp']),
  /** e.g. "+4.2%", "−1.3 pp", "—" */
  display: z.string(),
  reason: z.string().nullable(),
  trace: TraceLike,
});
export type KpiChange = z.infer<typeof KpiChangeSchema>;

export const KpiItemSchema = z.object({
  id: z.string(),
  label: z.string(),
  value: z.number().nullable(),
  /** formatted the Chinese way on cards (万元 one decimal) */
  display: z.string(),
  changes: z.array(KpiChangeSchema),
  /** which direction is good news (risk figures: down), for colouring the changes */
  better: z.enum(['up', 'down', 'none']),
  trace: TraceLike,
});
export type KpiItem = z.infer<typeof KpiItemSchema>;

export const ChartSeriesSchema = z.object({
  name: z.string(),
  /** null = no data for that category (not drawn) */
  values: z.array(z.number().nullable()),
  /** optional colour hint, e.g. '#d4380d' for red-zone series */
  color: z.string().optional(),
});

export const TableColumnSchema = z.object({
  key: z.string(),
  label: z.string(),
  /** how numbers are written: int = thousands separators, yuan = full 元 with separators, pct = one decimal % */
  format: z.enum(['text', 'int', 'yuan', 'pct', 'decimal']),
});
export type TableColumn = z.infer<typeof TableColumnSchema>;

export const ReviewVisualSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('kpis'), items: z.array(KpiItemSchema) }),
  z.object({
    kind: z.enum(['bar', 'stackedBar', 'line', 'pie']),
    title: z.string(),
    categories: z.array(z.string()),
    series: z.array(ChartSeriesSchema),
    /** one colour per category (single-series charts such as groups per zone) */
    categoryColors: z.array(z.string()).optional(),
    /** unit of the values, e.g. "万元", "家", "%" (values already scaled to it) */
    unit: z.string(),
    trace: TraceLike,
  }),
  z.object({
    kind: z.literal('scatter'),
    title: z.string(),
    series: z.array(z.object({ name: z.string(), points: z.array(z.tuple([z.number(), z.number()])), color: z.string().optional() })),
    xLabel: z.string(),
    yLabel: z.string(),
    /** draw the y axis on a log scale (skewed values such as current value; every y is > 0) */
    yLog: z.boolean().optional(),
    /** draw the x axis on a log scale (every x is > 0) — the value quadrant, as on the 价值象限 page */
    xLog: z.boolean().optional(),
    /** fixed axis ranges (the quadrant: powers of ten for a log value axis, the warning score's 0–100) */
    xRange: z.object({ min: z.number(), max: z.number() }).optional(),
    yRange: z.object({ min: z.number(), max: z.number() }).optional(),
    /**
     * the x axis's ticks written by the app's one formatter (formatCompact: 1万 / 10万 in Chinese, 10k / 100k in English),
     * as the 价值象限 page writes them; the .pptx draws these labels itself (a chart number format cannot write 万)
     */
    xTicks: z.array(z.object({ value: z.number(), label: z.string() })).max(40).optional(),
    /** a name beside a point (the survey's factors), placed so that the names do not run into each other */
    pointLabels: z.array(z.object({ x: z.number(), y: z.number(), label: z.string() })).max(40).optional(),
    /** horizontal reference lines on the y axis (the zone cut-offs of the warning score), in the zone colours */
    yMarks: z.array(z.object({ value: z.number(), label: z.string(), color: z.string() })).max(10).optional(),
    /** quadrant split lines (x, y) and their labels; null = no line on that axis */
    split: z.object({ x: z.number().nullable(), y: z.number().nullable(), xLabel: z.string(), yLabel: z.string() }).optional(),
    /** quadrant cell names in the corners: hh = high x, high y (top right) … ll = bottom left */
    corners: z.array(z.object({ position: z.enum(['hh', 'hl', 'lh', 'll']), text: z.string() })).optional(),
    trace: TraceLike,
  }),
  z.object({
    kind: z.literal('heatmap'),
    title: z.string(),
    /** row labels (e.g. quadrant cell last quarter) */
    rows: z.array(z.string()),
    /** column labels (cell this quarter) */
    cols: z.array(z.string()),
    /** values[row][col] */
    values: z.array(z.array(z.number())),
    unit: z.string(),
    xLabel: z.string(),
    yLabel: z.string(),
    trace: TraceLike,
  }),
  z.object({
    kind: z.literal('table'),
    title: z.string(),
    columns: z.array(TableColumnSchema),
    rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
    trace: TraceLike,
  }),
]);
export type ReviewVisual = z.infer<typeof ReviewVisualSchema>;
export type ChartVisual = Extract<ReviewVisual, { kind: 'bar' | 'stackedBar' | 'line' | 'pie' }>;

export const ReviewSlideSchema = z.object({
  /** built: one of BUILT_SLIDE_IDS; free slides 'free-<n>'; duplicates 'dup-<sourceId>-<n>' */
  id: z.string(),
  part: ReviewPartSchema,
  origin: z.enum(['built', 'free', 'duplicate']),
  /** for duplicates, the slide copied */
  sourceId: z.string().nullable(),
  title: z.string(),
  subtitle: z.string().nullable(),
  visual: ReviewVisualSchema.nullable(),
  /** 2–3 for built slides */
  findings: z.array(ReviewFindingSchema),
  /** presenter notes */
  notes: z.string(),
  hidden: z.boolean(),
  /** which texts the manager has changed (so the UI can mark them and offer reset) */
  edited: z.object({ title: z.boolean(), findings: z.array(z.string()), notes: z.boolean() }),
});
export type ReviewSlide = z.infer<typeof ReviewSlideSchema>;

export const ReviewDeckSchema = z.object({
  quarter: QuarterSchema,
  branchName: z.string(),
  language: ReviewLanguageSchema,
  /** ISO time */
  builtAt: z.string(),
  /** the quarter's 3 months, YYYY-MM */
  periods: z.array(z.string()),
  /** the month snapshot figures are taken at (the quarter's last month) */
  asOf: z.string(),
  /** all slides in order, hidden ones included (flagged) */
  slides: z.array(ReviewSlideSchema),
  /** true when any edit is stored for this quarter and language */
  hasEdits: z.boolean(),
});
export type ReviewDeck = z.infer<typeof ReviewDeckSchema>;

// ---- edits (workspace section 'review') -------------------------------------------------

export const SlideTextEditSchema = z.object({
  title: z.string().max(500).optional(),
  subtitle: z.string().max(500).optional(),
  /** finding id → text */
  findings: z.record(z.string(), z.string().max(2000)).optional(),
  notes: z.string().max(20000).optional(),
});
export type SlideTextEdit = z.infer<typeof SlideTextEditSchema>;

export const FreeSlideSchema = z.object({
  id: z.string().regex(/^free-\d+$/),
  title: z.string().max(500),
  /** text paragraphs shown as findings, ids 'f1', 'f2' … */
  findings: z.array(z.object({ id: z.string(), text: z.string().max(2000) })),
  notes: z.string().max(20000),
});
export type FreeSlide = z.infer<typeof FreeSlideSchema>;

export const DuplicateSlideSchema = z.object({
  id: z.string().regex(/^dup-.+-\d+$/),
  sourceId: z.string(),
});
export type DuplicateSlide = z.infer<typeof DuplicateSlideSchema>;

/** The edits of one deck (quarter + language). */
export const DeckEditsSchema = z.object({
  /** slide ids in the manager's order; ids not listed keep their built position */
  order: z.array(z.string()),
  hidden: z.array(z.string()),
  text: z.record(z.string(), SlideTextEditSchema),
  free: z.array(FreeSlideSchema),
  duplicates: z.array(DuplicateSlideSchema),
  /** next number for free-/dup- ids (ids are never reused) */
  nextId: z.number().int().min(1),
  updatedAt: z.string(),
});
export type DeckEdits = z.infer<typeof DeckEditsSchema>;

export const ReviewSectionSchema = z.object({
  version: z.literal(1),
  /** the branch name last used on the title of decks */
  branchName: z.string().max(80).optional(),
  /** key `${quarter}|${language}` */
  decks: z.record(z.string(), DeckEditsSchema),
});
export type ReviewSection = z.infer<typeof ReviewSectionSchema>;

export const deckKey = (quarter: string, language: ReviewLanguage): string => `${quarter}|${language}`;

export const ReviewEditOpSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('setTitle'), slideId: z.string(), text: z.string().max(500) }),
  z.object({ op: z.literal('setSubtitle'), slideId: z.string(), text: z.string().max(500) }),
  z.object({ op: z.literal('setFinding'), slideId: z.string(), findingId: z.string(), text: z.string().max(2000) }),
  z.object({ op: z.literal('setNotes'), slideId: z.string(), text: z.string().max(20000) }),
  z.object({ op: z.literal('hide'), slideId: z.string() }),
  z.object({ op: z.literal('show'), slideId: z.string() }),
  /** move the slide to position `toIndex` (0-based, among all slides, hidden included) */
  z.object({ op: z.literal('move'), slideId: z.string(), toIndex: z.number().int().min(0) }),
  /** copy of a slide, placed right after it */
  z.object({ op: z.literal('duplicate'), slideId: z.string() }),
  /** a free slide, placed after `afterId` (default: at the end) */
  z.object({ op: z.literal('addFree'), afterId: z.string().optional(), title: z.string().max(500).optional() }),
  /** delete a free slide or a duplicate (built slides can only be hidden) */
  z.object({ op: z.literal('deleteFree'), slideId: z.string() }),
  /** free slides: add / remove a text paragraph */
  z.object({ op: z.literal('addFinding'), slideId: z.string(), text: z.string().max(2000).optional() }),
  z.object({ op: z.literal('deleteFinding'), slideId: z.string(), findingId: z.string() }),
  /** forget the text edits of one slide (built text comes back) */
  z.object({ op: z.literal('resetSlide'), slideId: z.string() }),
  /** forget every edit of this quarter and language */
  z.object({ op: z.literal('resetAll') }),
]);
export type ReviewEditOp = z.infer<typeof ReviewEditOpSchema>;
