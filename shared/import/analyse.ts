/** Convenience: header detection → mapping → kind for one sheet, as the import UI first shows it. */
import type { ColumnMapping, HeaderDetection, ImportKind, RawCell, RawSheet } from './types';
import { detectHeader } from './detectHeader';
import { suggestMapping } from './mapColumns';
import { suggestKind } from './suggestKind';
import type { KindSuggestion } from './suggestKind';
import { isBlankRow, firstText, isTotalLabel } from './sheetUtil';

/** Up to `n` data rows below the header, blank and total rows left out (for content sniffing). */
export function sampleDataRows(sheet: RawSheet, detection: HeaderDetection, n = 100): RawCell[][] {
  const out: RawCell[][] = [];
  for (let r = detection.dataStartRow; r < sheet.rows.length && out.length < n; r++) {
    const row = sheet.rows[r];
    if (!row || isBlankRow(row)) continue;
    const t = firstText(row);
    if (t !== null && isTotalLabel(t)) continue;
    out.push(row);
  }
  return out;
}

export interface SheetAnalysis {
  detection: HeaderDetection;
  mapping: ColumnMapping[];
  /** the kind suggested from an unrestricted mapping */
  kindSuggestion: KindSuggestion;
  /** `kind` if given, else the suggested kind; `mapping` is restricted to its fields */
  kind: ImportKind;
}

/** null = no header found. */
export function analyseSheet(sheet: RawSheet, kind?: ImportKind): SheetAnalysis | null {
  const detection = detectHeader(sheet);
  if (!detection) return null;
  const samples = sampleDataRows(sheet, detection);
  const open = suggestMapping(detection.headers, samples);
  const kindSuggestion = suggestKind(open);
  const chosen = kind ?? kindSuggestion.kind;
  return { detection, mapping: suggestMapping(detection.headers, samples, chosen), kindSuggestion, kind: chosen };
}
