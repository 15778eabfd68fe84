/** Lists kept once (issue 17): the import kinds, the fields per kind, the fact measures and the quadrant's filter fields have one source each. */
import { describe, expect, it } from 'vitest';
import { FACT_FIELDS } from '../../shared/analytics/columnar';
import { ImportKindSchema } from '../../shared/api/importContract';
import { QuadrantFiltersSchema } from '../../shared/api/quadrantContract';
import { MappingTemplateSchema } from '../../shared/import/signature';
import { ALL_FIELDS, FIELDS_BY_KIND, MONEY_FIELDS } from '../../shared/import/synonyms';
import { IMPORT_KINDS } from '../../shared/import/types';
import { FACT_MEASURES } from '../../shared/model/factColumns';
import { QUADRANT_FILTER_FIELDS } from '../../shared/model/quadrantView';
import { KIND_FIELDS, MONEY_FIELDS as SCREEN_MONEY_FIELDS } from '../../renderer/src/pages/import/fieldLabels';
import { FACETS } from '../../renderer/src/pages/quadrant/quadrantModel';

describe('one source per list', () => {
  it('import kinds: the contract, the stored mapping templates and the fields per kind list the same kinds', () => {
    expect(ImportKindSchema.options).toEqual([...IMPORT_KINDS]);
    expect(Object.keys(FIELDS_BY_KIND)).toEqual([...IMPORT_KINDS]);
    expect(MappingTemplateSchema.shape.kind.unwrap().options).toEqual([...IMPORT_KINDS]);
  });

  it('the mapping screen offers the import’s fields and money fields', () => {
    expect(KIND_FIELDS).toBe(FIELDS_BY_KIND);
    expect([...SCREEN_MONEY_FIELDS]).toEqual([...MONEY_FIELDS]);
    for (const fields of Object.values(KIND_FIELDS)) for (const f of fields) expect(ALL_FIELDS).toContain(f);
  });

  it('the engine’s fact fields are the stored measures; the quadrant page filters by the contract’s fields', () => {
    expect(FACT_FIELDS).toBe(FACT_MEASURES);
    expect(FACETS).toBe(QUADRANT_FILTER_FIELDS);
    expect(Object.keys(QuadrantFiltersSchema.shape)).toEqual([...QUADRANT_FILTER_FIELDS]);
  });
});
