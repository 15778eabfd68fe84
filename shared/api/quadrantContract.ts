/** 价值象限 channels (framework snapshot with every placed group; migration between two periods). */
import { z } from 'zod';
import { PERIOD_SHAPE_RE } from '../util/period';
import { MigrationViewSchema, QuadrantFiltersSchema, QuadrantIdSchema, QuadrantViewSchema } from '../model/quadrantView';

export {
  CellPositionSchema,
  MigrationViewSchema,
  QuadrantFiltersSchema,
  QuadrantIdSchema,
  QuadrantViewSchema,
  QUADRANT_FILTER_FIELDS,
  type MigrationView,
  type QuadrantCellView,
  type QuadrantFilters,
  type QuadrantFramework,
  type QuadrantView,
} from '../model/quadrantView';

const Period = z.string().regex(PERIOD_SHAPE_RE);

export const quadrantChannels = {
  'quadrant.view': {
    request: z.object({ framework: QuadrantIdSchema, asOf: Period.optional() }).strict(),
    response: QuadrantViewSchema,
  },
  'quadrant.migration': {
    request: z.object({ framework: QuadrantIdSchema, from: Period, to: Period, filters: QuadrantFiltersSchema.optional() }).strict(),
    response: MigrationViewSchema,
  },
} as const;
