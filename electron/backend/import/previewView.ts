/** The first 50 normalised rows of a staged file, in the contract's shape. */
import type { StagedFileView } from '../../../shared/api/importContract';
import type { StagedFile } from './engine';

export function previewView(file: StagedFile): StagedFileView['preview'] {
  const preview = file.result?.preview;
  if (!preview) return { fields: [], rows: [] };
  return {
    fields: preview.fields,
    rows: preview.rows.slice(0, 50).map((r) => ({
      row: r.row,
      values: r.values.map((v) => (v === undefined ? null : v)),
      flags: r.flags,
      skipped: r.skipped,
    })),
  };
}
