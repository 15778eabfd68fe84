import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ColumnarError, decodeRows, decodeTable, encodeRows, storedChecksum, type ColumnDef } from '../../electron/backend/storage/columnarTable';
import { decodePortfolioTable, encodePortfolioTable } from '../../electron/backend/storage/portfolioTables';
import { factRows } from '../../shared/model/factColumns';
import type { Portfolio } from '../../shared/model/portfolio';

const str = (name: string, nullable = true): ColumnDef => ({ name, kind: 'string', nullable });
const num = (name: string, nullable = true): ColumnDef => ({ name, kind: 'number', nullable });
const bool = (name: string, nullable = true): ColumnDef => ({ name, kind: 'boolean', nullable });

function roundTrip(columns: ColumnDef[], rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return decodeRows(encodeRows('t', columns, rows).bytes, columns);
}

/** Object.is per cell, so that NaN, -0 and null are told apart. */
function expectSame(actual: Record<string, unknown>[], expected: Record<string, unknown>[], columns: ColumnDef[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => {
    for (const c of columns) {
      const want = expected[i]?.[c.name] ?? null;
      if (!Object.is(row[c.name], want)) throw new Error(`row ${i} ${c.name}: got ${String(row[c.name])}, expected ${String(want)}`);
    }
  });
}

function errorOf(fn: () => unknown): ColumnarError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ColumnarError) return err;
    throw err;
  }
  throw new Error('expected a ColumnarError');
}

describe('columnar table file', () => {
  it('round-trips every number encoding exactly (narrow ints, decimal scales, f64 specials, nulls)', () => {
    const cases: Record<string, (number | null)[]> = {
      u8: [0, 1, 255, null],
      i8: [-128, 0, 127],
      u16: [0, 65535, 300],
      i16: [-32768, 32767, null, 0],
      u32: [0, 4294967295],
      i32: [-2147483648, 2147483647],
      bigInts: [Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 40],
      cents: [1030.67, -15.75, 0.01, 21474836.47, null],
      scale4: [1.2345, -0.0001, 3],
      tooFine: [0.1 + 0.2, 1 / 3, Math.PI],
      specials: [NaN, Infinity, -Infinity, -0, 0, 5e-324, 1.7976931348623157e308],
      allNull: [null, null, null],
    };
    for (const [name, values] of Object.entries(cases)) {
      const columns = [num('v')];
      const rows = values.map((v) => ({ v }));
      expectSame(roundTrip(columns, rows), rows, columns);
      expect(name).toBeTruthy();
    }
  });

  it('picks compact encodings: cents as integers, small counts as bytes', () => {
    const n = 10_000;
    const columns = [num('revenue'), num('count')];
    const rows = Array.from({ length: n }, (_, i) => ({ revenue: Math.round(i * 137.31) / 100, count: i % 200 }));
    const bytes = encodeRows('t', columns, rows).bytes;
    // 4 bytes (i32 cents) + 1 byte (u8) per row, plus header and trailer
    expect(bytes.length).toBeLessThan(n * 5 + 2000);
    expectSame(decodeRows(bytes, columns), rows, columns);
  });

  it('round-trips strings: dictionary, Unicode, emoji, empty, lone surrogates, null', () => {
    const columns = [str('s'), str('code', false)];
    const values = ['集团客户', '', 'Émigré "quoted" \\ back', '🚀👩‍👩‍👧', '\u0000nul', 'a\uD800b', '\uDFFF', null, '集团客户', 'x'.repeat(5000)];
    const rows = values.map((s, i) => ({ s, code: `G${i % 3}` }));
    expectSame(roundTrip(columns, rows), rows, columns);
  });

  it('uses 2- and 4-byte dictionary indexes when there are many distinct strings', () => {
    for (const n of [300, 70_000]) {
      const columns = [str('s', false)];
      const rows = Array.from({ length: n }, (_, i) => ({ s: `v${i}` }));
      expectSame(roundTrip(columns, rows), rows, columns);
    }
  });

  it('reads from memory at any alignment (typed arrays are copied when they cannot be viewed in place)', () => {
    const columns = [num('f'), num('i'), str('s')];
    const rows = Array.from({ length: 50 }, (_, i) => ({ f: i / 3, i: i * 1000, s: `s${i % 7}` }));
    const bytes = encodeRows('t', columns, rows).bytes;
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expectSame(decodeRows(shifted.subarray(3), columns), rows, columns);
  });

  it('round-trips booleans with null', () => {
    const columns = [bool('b')];
    const rows = [true, false, null, true].map((b) => ({ b }));
    expectSame(roundTrip(columns, rows), rows, columns);
  });

  it('round-trips empty tables', () => {
    const columns = [str('s', false), num('n', false), bool('b', false)];
    const file = encodeRows('empty', columns, []);
    expect(decodeRows(file.bytes, columns)).toEqual([]);
    expect(decodeTable(file.bytes, columns).rows).toBe(0);
  });

  it('property: any rows of strings, numbers, booleans and nulls round-trip', () => {
    const columns = [str('s'), num('n'), bool('b'), num('i')];
    const row = fc.record({
      s: fc.option(fc.string({ unit: 'binary' }), { nil: null }),
      n: fc.option(fc.double(), { nil: null }),
      b: fc.option(fc.boolean(), { nil: null }),
      i: fc.option(fc.integer({ min: -1e6, max: 1e6 }).map((x) => x / 100), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
        expectSame(roundTrip(columns, rows), rows, columns);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses values of the wrong kind and nulls where none are allowed, naming the column and row', () => {
    expect(errorOf(() => encodeRows('t', [num('n')], [{ n: 1 }, { n: '2' }])).message).toMatch(/column n, row 1/);
    expect(errorOf(() => encodeRows('t', [str('s', false)], [{ s: null }])).kind).toBe('schema');
    expect(errorOf(() => encodeRows('t', [bool('b')], [{ b: 1 }])).kind).toBe('schema');
  });

  it('detects a changed byte (checksum), a truncated file, trailing bytes and a foreign file', () => {
    const columns = [str('s'), num('n')];
    const rows = Array.from({ length: 100 }, (_, i) => ({ s: `集团${i}`, n: i * 1.5 }));
    const good = encodeRows('t', columns, rows).bytes;

    const flipped = Buffer.from(good);
    flipped[Math.floor(flipped.length / 2)] = (flipped[Math.floor(flipped.length / 2)] as number) ^ 0x01;
    expect(errorOf(() => decodeTable(flipped, columns)).kind).toBe('checksum');

    for (const cut of [1, 10, good.length - 20, good.length - 1]) expect(errorOf(() => decodeTable(good.subarray(0, cut), columns)).kind).toBe('truncated');
    expect(errorOf(() => decodeTable(Buffer.concat([good, Buffer.from('x')]), columns)).kind).toBe('truncated');
    expect(errorOf(() => decodeTable(Buffer.from('{"groups": []}'.padEnd(100)), columns)).kind).toBe('format');
    expect(errorOf(() => decodeTable(Buffer.alloc(0), columns)).kind).toBe('truncated');
  });

  it('refuses a newer file version', () => {
    const good = Buffer.from(encodeRows('t', [num('n')], [{ n: 1 }]).bytes);
    good.writeUInt16LE(9, 4);
    // re-seal the checksum so that only the version is wrong
    createHash('sha256').update(good.subarray(0, good.length - 36)).digest().copy(good, good.length - 36);
    expect(errorOf(() => decodeTable(good, [num('n')])).kind).toBe('version');
  });

  it('reads files with extra columns (a newer writer) and fills a missing nullable column with null', () => {
    const bytes = encodeRows('t', [num('n'), str('extra')], [{ n: 1, extra: 'x' }]).bytes;
    expect(decodeRows(bytes, [num('n'), str('added')])).toEqual([{ n: 1, added: null }]);
    expect(errorOf(() => decodeTable(bytes, [num('n'), str('required', false)])).kind).toBe('schema');
    expect(errorOf(() => decodeTable(bytes, [str('n')])).message).toMatch(/holds number/);
  });

  it('stores its SHA-256 in the trailer', () => {
    const file = encodeRows('t', [num('n')], [{ n: 1 }]);
    expect(storedChecksum(file.bytes)).toBe(file.sha256);
    expect(storedChecksum(file.bytes.subarray(0, 20))).toBeNull();
  });

  it('round-trips portfolio tables, key persons included', () => {
    const p: Portfolio = {
      groups: [
        {
          groupCode: '001',
          groupName: '杭州🚀',
          groupClass: 'A1',
          importance: null,
          industry: '制造',
          region: null,
          accountManager: null,
          employees: 12,
          contractEnd: '2025-01-31',
          competitorPresence: null,
          lineGrade: null,
        },
      ],
      facts: [
        {
          groupCode: '001',
          period: '2024-01',
          unifiedPayRevenue: 1.5,
          personalPayRevenue: null,
          totalRevenue: 0.1 + 0.2,
          newBusinessRevenue: NaN,
          members: 3,
          offNetMembers: null,
          minutes: 1e10,
          arrears: -0,
          complaints: 0,
          faults: null,
          products: 2,
        },
      ],
      memberSnapshots: [{ memberId: '138****0001', groupCode: '001', status: 'portedOut', period: null, snapshotArpu: 58.5, currentArpu: null }],
      keyPersons: [{ groupCode: '001', role: '决策者', name: null, relationshipStrength: 4, lastContactDate: '2024-01-02', competitorContact: true, roleSince: null }],
    };
    const back = {
      groups: decodePortfolioTable('groups', encodePortfolioTable('groups', p)?.bytes ?? Buffer.alloc(0)),
      facts: factRows(decodePortfolioTable('facts', encodePortfolioTable('facts', p)?.bytes ?? Buffer.alloc(0))),
      members: decodePortfolioTable('members', encodePortfolioTable('members', p)?.bytes ?? Buffer.alloc(0)),
      keyPersons: decodePortfolioTable('keyPersons', encodePortfolioTable('keyPersons', p)?.bytes ?? Buffer.alloc(0)),
    };
    expect(back.groups).toEqual(p.groups);
    // facts travel as columns where NaN is null (the import never stores NaN: it takes finite numbers only)
    expect(back.facts).toEqual(p.facts.map((f) => ({ ...f, newBusinessRevenue: Number.isNaN(f.newBusinessRevenue) ? null : f.newBusinessRevenue })));
    expect(Object.is(back.facts[0]?.arrears, -0)).toBe(true);
    expect(back.members).toEqual(p.memberSnapshots);
    expect(back.keyPersons).toEqual(p.keyPersons);
    expect(encodePortfolioTable('keyPersons', { groups: [], facts: [] })).toBeNull();
  });
});
