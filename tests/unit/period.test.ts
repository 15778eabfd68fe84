/** shared/util/period.ts: the one reader of 'YYYY-MM' / 'YYYYQn' (issue #17). */
import { describe, expect, it } from 'vitest';
import { isPeriod, parsePeriod, PERIOD_OR_QUARTER_RE, PERIOD_SHAPE_RE, periodIndex, previousPeriod, quarterOf, QUARTER_RE, yearAgoPeriod } from '../../shared/util/period';

describe('parsePeriod', () => {
  it('reads a month as its one month and a quarter as its three', () => {
    expect(parsePeriod('2025-03')).toEqual({ period: '2025-03', kind: 'month', months: [periodIndex('2025-03')] });
    expect(parsePeriod('2025Q1').months).toEqual([periodIndex('2025-01'), periodIndex('2025-02'), periodIndex('2025-03')]);
    expect(parsePeriod('2025Q4').months).toEqual([periodIndex('2025-10'), periodIndex('2025-11'), periodIndex('2025-12')]);
  });

  it('throws a RangeError on anything else unless asked to read loosely', () => {
    for (const bad of ['2025-13', '2025-00', '2025Q5', '2025q1', ' 2025-03', '2025 Q1', 'June', '']) expect(() => parsePeriod(bad), bad).toThrow(RangeError);
    expect(parsePeriod(' 2025 q1 ', { loose: true })).toMatchObject({ kind: 'quarter', months: [periodIndex('2025-01'), periodIndex('2025-02'), periodIndex('2025-03')] });
    expect(parsePeriod(' 2025-03 ', { loose: true })).toMatchObject({ kind: 'month', months: [periodIndex('2025-03')] });
    expect(() => parsePeriod('2025-13', { loose: true })).toThrow(RangeError);
  });

  it('steps back a period and a year, across year ends', () => {
    expect(previousPeriod(parsePeriod('2025-01'))).toBe('2024-12');
    expect(yearAgoPeriod(parsePeriod('2025-01'))).toBe('2024-01');
    expect(previousPeriod(parsePeriod('2025Q1'))).toBe('2024Q4');
    expect(yearAgoPeriod(parsePeriod('2025Q3'))).toBe('2024Q3');
    expect(quarterOf(periodIndex('2026-09'))).toBe('2026Q3');
    expect(quarterOf(periodIndex('2026-10'))).toBe('2026Q4');
  });

  it('has patterns that agree with it', () => {
    for (const s of ['2025-03', '2025Q2', '2025-13', '2025Q0', 'x']) {
      let ok = true;
      try {
        parsePeriod(s);
      } catch {
        ok = false;
      }
      expect(PERIOD_OR_QUARTER_RE.test(s), s).toBe(ok);
      expect(isPeriod(s) || QUARTER_RE.test(s), s).toBe(ok);
    }
  });

  it('has a shape pattern (requests, --as-of) that lets through every period it reads, and a month 13 for it to refuse', () => {
    for (const s of ['2025-03', '2025Q2', '2025Q4']) expect(PERIOD_SHAPE_RE.test(s), s).toBe(true);
    expect(PERIOD_SHAPE_RE.test('2025-13')).toBe(true);
    expect(() => parsePeriod('2025-13')).toThrow(RangeError);
    for (const s of ['2025Q0', '2025-3', '25-03', '2025 Q1', 'x']) expect(PERIOD_SHAPE_RE.test(s), s).toBe(false);
  });
});

describe('readers of periods use it', () => {
  it('periodEndDate, daysToContractEnd and the survey wave of a quarter', async () => {
    const { periodEndDate } = await import('../../shared/model/keyPersons');
    const { daysToContractEnd } = await import('../../shared/views/warningsQuery');
    const { surveyWaveFor } = await import('../../shared/analytics/surveyMatrix');
    expect(periodEndDate('2024-02')).toBe('2024-02-29');
    expect(periodEndDate('2025-12')).toBe('2025-12-31');
    expect(() => periodEndDate('2025-13')).toThrow();
    expect(daysToContractEnd('2026-01-31', '2025-12')).toBe(31);
    expect(daysToContractEnd('2026-01-31', '2025Q4')).toBeNull();
    expect(surveyWaveFor(['2025Q2', '2025-09', '2025Q4'], '2025Q3')).toBe('2025-09');
    expect(surveyWaveFor(['2025Q4', 'spring'], '2025Q3')).toBeNull();
  });
});
