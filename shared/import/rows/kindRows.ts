/** What every kind's row normaliser (groupRows, factRows, memberRows, keyPersonRows, surveyRows) shares. */
import type { LocalText } from '../../model/trace';

/** A data row's outcome: imported, skipped for an error, or an exact duplicate of an earlier row (collapsed). */
export type RowOutcome = 'imported' | 'error' | 'duplicate';

/** One kind's rows: `process` reads the cursor's current row into the kind's output. */
export interface KindRows {
  process(): RowOutcome;
}

/** The message of a row that repeats an earlier one with different values. */
export function duplicateMessage(what: LocalText, firstRow: number): LocalText {
  return {
    zh: `${what.zh}重复出现且数值不同（首次出现在第${firstRow}行），已跳过此行`,
    en: `${what.en} appears twice with different values (first at row ${firstRow}); row skipped`,
  };
}

/** code → the first non-empty group name seen (billing, member, key-person and survey sheets name groups too) */
export type GroupNames = Map<string, string>;
