/**
 * The 价值象限 views (one framework's snapshot with every placed group, the migration between two
 * months) and the snapshot's master-field filters, as zod schemas: the domain's own shapes, which
 * shared/api/quadrantContract.ts re-exports for its channels (the view builders never import shared/api).
 */
import { z } from 'zod';
import { LocalTextSchema as LocalText, TraceSchema as TraceLike } from './trace';
import { ScoreScaleSchema } from './riskView';

export const QuadrantIdSchema = z.enum(['valueRisk', 'revenueNewBiz', 'valueBinding', 'currentPotential']);
export type QuadrantFramework = z.infer<typeof QuadrantIdSchema>;
export const CellPositionSchema = z.enum(['hh', 'hl', 'lh', 'll']);

const Axis = z.object({
  label: LocalText,
  unit: LocalText,
  rule: z.enum(['median', 'pareto', 'fixed']),
  /** the split value (null when no group is placed) */
  value: z.number().nullable(),
  compare: z.enum(['gt', 'ge']),
  trace: TraceLike,
});

const Cell = z.object({
  id: z.string(),
  position: CellPositionSchema,
  name: LocalText,
  action: LocalText,
  count: z.number(),
  value: z.number(),
  valueShare: z.number().nullable(),
  trace: TraceLike,
});
export type QuadrantCellView = z.infer<typeof Cell>;

const nums = z.array(z.number().nullable());
const ints = z.array(z.number().int());

export const QuadrantViewSchema = z.object({
  asOf: z.string().nullable(),
  /** every month of the data, also when the snapshot is of an earlier month */
  periods: z.array(z.string()),
  /** months of the data that look incomplete (see completeness.ts): the selector marks them, the default skips them */
  incomplete: z.array(z.string()),
  /** the default month (the last complete one) */
  latest: z.string().nullable(),
  /** when no month was asked for and the data's last month is incomplete: why an earlier month is shown */
  defaultNote: LocalText.nullable().default(null),
  framework: QuadrantIdSchema,
  label: LocalText,
  x: Axis,
  y: Axis,
  cells: z.array(Cell),
  placed: z.number(),
  notPlaced: z.number(),
  /** of the groups not placed, the white ones (already lost or too little data): never in a cell */
  white: z.number(),
  /** the warning score's scale and zone cut-offs (drawn on the value × risk y axis) */
  scoreScale: ScoreScaleSchema,
  trace: TraceLike,
  /** distinct master values for the filters (index = the value in the facet columns) */
  facets: z.object({ region: z.array(z.string()), groupClass: z.array(z.string()), industry: z.array(z.string()), accountManager: z.array(z.string()) }),
  /** signal labels (index = the value in `points.topSignal`) */
  signals: z.array(z.object({ id: z.string(), label: LocalText, points: z.number() })),
  zones: z.array(z.string()),
  /** the placed groups, columnar (index = row) */
  points: z.object({
    codes: z.array(z.string()),
    names: z.array(z.string()),
    x: z.array(z.number()),
    y: z.array(z.number()),
    /** current value, 元/月 */
    value: z.array(z.number()),
    score: z.array(z.number()),
    members: nums,
    /** index into `zones` */
    zone: ints,
    /** index into `cells` (POSITIONS order) */
    cell: ints,
    /** index into `signals`, −1 none fired */
    topSignal: ints,
    /** indexes into the facet lists, −1 = unknown */
    region: ints,
    groupClass: ints,
    industry: ints,
    accountManager: ints,
  }),
});
export type QuadrantView = z.infer<typeof QuadrantViewSchema>;

export const MigrationViewSchema = z.object({
  framework: QuadrantIdSchema,
  label: LocalText,
  from: z.object({ requested: z.string(), period: z.string() }),
  to: z.object({ requested: z.string(), period: z.string() }),
  cells: z.array(z.object({ id: z.string(), position: CellPositionSchema, name: LocalText, action: LocalText })),
  counts: z.array(z.array(z.number())),
  groups: z.array(z.array(z.array(z.string()))),
  leftQuadrant: z.object({ counts: z.array(z.number()), groups: z.array(z.array(z.string())) }),
  enteredQuadrant: z.object({ counts: z.array(z.number()), groups: z.array(z.array(z.string())) }),
  stayed: z.number(),
  moved: z.number(),
  /** groups that passed the filters (null = no filter set) */
  filtered: z.number().nullable(),
  /** group names of every code in the matrix */
  names: z.record(z.string(), z.string()),
  trace: TraceLike,
});
export type MigrationView = z.infer<typeof MigrationViewSchema>;

/** Master-field filters (the snapshot's filters), applied to the migration's groups; an empty list = no filter. */
export const QuadrantFiltersSchema = z
  .object({
    region: z.array(z.string().max(200)).max(500),
    groupClass: z.array(z.string().max(200)).max(500),
    industry: z.array(z.string().max(200)).max(500),
    accountManager: z.array(z.string().max(200)).max(2000),
  })
  .strict();
export type QuadrantFilters = z.infer<typeof QuadrantFiltersSchema>;

/** The master fields the snapshot filters by (and offers as facets), in the page's order. */
export const QUADRANT_FILTER_FIELDS = ['region', 'groupClass', 'industry', 'accountManager'] as const satisfies readonly (keyof QuadrantFilters)[];
