/** The snapshot's master-field filters reach the migration matrix: counts and movers are those of the groups that pass. */
import { describe, expect, it } from 'vitest';
import { MigrationViewSchema } from '../../shared/api/quadrantContract';
import { buildIndex, DEFAULT_SETTINGS, migrationMatrix } from '../../shared/analytics';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import type { AnalysisContext } from '../../electron/backend/analysisContext';
import { quadrantHandlers } from '../../electron/backend/quadrantHandlers';
import { codesPassing } from '../../shared/views/quadrantView';

const ix = buildIndex(generateDemoBranch().portfolio);
const ctx: AnalysisContext = {
  workspace: () => {
    throw new Error('not used');
  },
  settings: () => DEFAULT_SETTINGS,
  index: () => ix,
  analysis: () => {
    throw new Error('not used');
  },
  cacheKey: () => 'k',
  dataKey: () => 'k',
  portfolio: () => {
    throw new Error('not used');
  },
  userError: (e) => new Error(e.message.en),
};
const NONE = { region: [], groupClass: [], industry: [], accountManager: [] };

describe('migration with filters', () => {
  it('no filter keeps every group; a filter keeps the groups whose field is one of the values', () => {
    expect(codesPassing(ix, undefined)).toBeNull();
    expect(codesPassing(ix, NONE)).toBeNull();
    const region = ix.groups.find((g) => g.region !== null)?.region as string;
    const pass = codesPassing(ix, { ...NONE, region: [region] });
    expect(pass?.size).toBe(ix.groups.filter((g) => g.region === region).length);
  });

  it('filtered counts and movers are the engine matrix restricted to the passing groups', async () => {
    const h = quadrantHandlers(ctx);
    const periods = ix.periods;
    const from = periods[periods.length - 4] as string;
    const to = periods[periods.length - 1] as string;
    const cls = ix.groups.find((g) => g.groupClass !== null)?.groupClass as string;
    const filters = { ...NONE, groupClass: [cls] };
    const v = await h['quadrant.migration']({ framework: 'valueRisk', from, to, filters });
    expect(MigrationViewSchema.safeParse(v).success).toBe(true);
    const m = migrationMatrix(ix, DEFAULT_SETTINGS, { quadrant: 'valueRisk', from, to });
    const keep = new Set(ix.groups.filter((g) => g.groupClass === cls).map((g) => g.groupCode));
    expect(v.filtered).toBe(keep.size);
    let total = 0;
    m.groups.forEach((row, i) =>
      row.forEach((codes, j) => {
        const expected = codes.filter((c) => keep.has(c));
        expect(v.groups[i]?.[j]).toEqual(expected);
        expect(v.counts[i]?.[j]).toBe(expected.length);
        total += expected.length;
      }),
    );
    expect(v.stayed + v.moved).toBe(total);
    expect(total).toBeLessThan(m.stayed + m.moved);
    const unfiltered = await h['quadrant.migration']({ framework: 'valueRisk', from, to });
    expect(unfiltered.counts).toEqual(m.counts);
    expect(unfiltered.filtered).toBeNull();
  });
});
