/**
 * The Holdfast columnar table file (.hft): one table, typed columns, one checksum.
 *
 *   offset 0    "HFTB"                      magic
 *          4    u16 LE  file version (1)
 *          6    u16 LE  0 (reserved)
 *          8    u32 LE  header length H
 *         12    header: UTF-8 JSON {table, rows, columns: [ColumnMeta…]}
 *               sections, each starting at a multiple of 8 from the file start
 *   end - 36    SHA-256 of every byte before it (32 bytes)
 *   end - 4     "HFT!"                      end magic (a truncated file has none)
 *
 * Column encodings (all little-endian):
 *   string   dictionary: the distinct values as one text section (UTF-8, or UTF-16LE when a
 *            value is not well-formed Unicode, so lone surrogates survive) + their lengths in
 *            UTF-16 code units (u32 each); per row an unsigned index (u8/u16/u32) where 0 = null
 *            and k = the k-th dictionary entry
 *   number   the narrowest exact integer type (i8/u8/i16/u16/i32/u32) of value × 10^scale
 *            (scale 0…4, chosen only when every value round-trips exactly), else f64 (keeps
 *            NaN, ±Infinity, -0); nulls in a bitmap (bit set = null) present only when there are
 *            nulls; a column of nulls only has no data at all
 *   boolean  u8 per row: 0 false, 1 true, 2 null
 * A reader ignores columns it does not know (a newer writer may add some) and fills a
 * missing nullable column with null.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';

export const TABLE_FILE_VERSION = 1;
const MAGIC = Buffer.from('HFTB', 'latin1');
const END_MAGIC = Buffer.from('HFT!', 'latin1');
const PREFIX = 12;
const TRAILER = 36;
const LITTLE_ENDIAN = os.endianness() === 'LE';

export type ColumnKind = 'string' | 'number' | 'boolean';

export interface ColumnDef {
  name: string;
  kind: ColumnKind;
  nullable: boolean;
}

interface Section {
  offset: number;
  length: number;
}

type IntType = 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32';

type ColumnMeta =
  | { name: string; kind: 'string'; nulls: number; text: 'utf8' | 'utf16le'; count: number; dict: Section; lengths: Section; index: Section; width: 1 | 2 | 4 }
  | { name: string; kind: 'number'; nulls: number; enc: 'int'; type: IntType; scale: number; nullMap: Section | null; data: Section }
  | { name: string; kind: 'number'; nulls: number; enc: 'f64'; nullMap: Section | null; data: Section }
  | { name: string; kind: 'number' | 'string' | 'boolean'; nulls: number; enc: 'null' }
  | { name: string; kind: 'boolean'; nulls: number; enc: 'u8'; data: Section };

interface FileHeader {
  table: string;
  rows: number;
  columns: ColumnMeta[];
}

export type ColumnarErrorKind = 'truncated' | 'checksum' | 'format' | 'version' | 'schema';

/** The bytes are not a readable table file; `kind` says why. */
export class ColumnarError extends Error {
  constructor(
    readonly kind: ColumnarErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ColumnarError';
  }
}

const SCALES = [1, 10, 100, 1000, 10000] as const;
const INT_RANGES: readonly [IntType, number, number, number][] = [
  ['u8', 0, 0xff, 1],
  ['i8', -0x80, 0x7f, 1],
  ['u16', 0, 0xffff, 2],
  ['i16', -0x8000, 0x7fff, 2],
  ['u32', 0, 0xffffffff, 4],
  ['i32', -0x80000000, 0x7fffffff, 4],
];

const align8 = (n: number): number => (n + 7) & ~7;

type TypedInts = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

function intArrayOver(type: IntType, buffer: ArrayBufferLike, byteOffset: number, n: number): TypedInts {
  switch (type) {
    case 'i8':
      return new Int8Array(buffer, byteOffset, n);
    case 'u8':
      return new Uint8Array(buffer, byteOffset, n);
    case 'i16':
      return new Int16Array(buffer, byteOffset, n);
    case 'u16':
      return new Uint16Array(buffer, byteOffset, n);
    case 'i32':
      return new Int32Array(buffer, byteOffset, n);
    case 'u32':
      return new Uint32Array(buffer, byteOffset, n);
  }
}

const INT_WIDTH: Record<IntType, 1 | 2 | 4> = { i8: 1, u8: 1, i16: 2, u16: 2, i32: 4, u32: 4 };

// ---------------------------------------------------------------------------
// Encoding
//
// Two passes over the rows and one allocation: pass 1 (feed in the 'observe' phase) learns
// each column's dictionary, null count, decimal scale and range; then the file is laid out
// and allocated once; pass 2 (feed in the 'write' phase) writes every value straight into
// its place. No per-column temporary arrays: on a big heap, every large ArrayBuffer
// allocation pushes V8 towards a full garbage collection.

function badValue(def: ColumnDef, row: number, value: unknown): never {
  throw new ColumnarError('schema', `column ${def.name}, row ${row}: expected ${def.kind}${def.nullable ? ' or null' : ''}, got ${value === undefined ? 'undefined' : JSON.stringify(value)}`);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** false when the string holds a lone surrogate, which UTF-8 cannot carry */
function isWellFormed(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

/** A planned section: its size, and how to fill it once its place in the file is known. */
interface Planned {
  length: number;
  /** bytes per element, for the byte swap on big-endian machines */
  swap: 0 | 2 | 4 | 8;
  bind(out: Buffer, offset: number): void;
}

/**
 * One column being encoded. feed(i, value) is called for every row in order, twice:
 * first to observe, then (after plan()) to write.
 */
export interface ColumnBuilder {
  readonly def: ColumnDef;
  feed(i: number, value: unknown): void;
}

interface BuilderInternals extends ColumnBuilder {
  writing: boolean;
  plan(): { meta: ColumnMeta; sections: Planned[] };
  /** true when a value did not round-trip at the planned encoding (then encode again as f64) */
  readonly mismatch: boolean;
  forceF64?: boolean;
}

function view(type: IntType | 'f64', out: Buffer, offset: number, n: number): TypedInts | Float64Array {
  return type === 'f64' ? new Float64Array(out.buffer, out.byteOffset + offset, n) : intArrayOver(type, out.buffer, out.byteOffset + offset, n);
}

class StringColumn implements BuilderInternals {
  writing = false;
  readonly mismatch = false;
  private readonly ids = new Map<string, number>();
  private readonly distinct: string[] = [];
  /** each row's dictionary id from the first pass (0 = null), so the second needs no lookups */
  private readonly rowIds: Uint32Array;
  private nulls = 0;
  private wellFormed = true;
  private last: string | null = null;
  private lastId = 0;
  private index: TypedInts | null = null;

  constructor(
    readonly def: ColumnDef,
    private readonly n: number,
  ) {
    this.rowIds = new Uint32Array(n);
  }

  /** the distinct non-null values, in order of first appearance */
  get values(): readonly string[] {
    return this.distinct;
  }

  feed(i: number, v: unknown): void {
    if (this.writing) {
      if (this.index) this.index[i] = this.rowIds[i] as number;
      return;
    }
    if (typeof v === 'string') {
      let id: number | undefined;
      if (v === this.last) id = this.lastId;
      else {
        id = this.ids.get(v);
        if (id === undefined) {
          this.distinct.push(v);
          id = this.distinct.length;
          this.ids.set(v, id);
          if (this.wellFormed && !isWellFormed(v)) this.wellFormed = false;
        }
        this.last = v;
        this.lastId = id;
      }
      this.rowIds[i] = id;
    } else if ((v === null || v === undefined) && this.def.nullable) {
      this.nulls++;
    } else badValue(this.def, i, v);
  }

  plan(): { meta: ColumnMeta; sections: Planned[] } {
    return planStrings(this.def, this.n, this.nulls, this.distinct, this.wellFormed, (index) => (this.index = index));
  }
}

/**
 * A string column given as a dictionary and an index per row (dictionary-encoded data, e.g.
 * FactColumns): no per-row string lookups. Entries no row uses are left out of the file.
 */
class DictionaryColumn implements BuilderInternals {
  writing = false;
  readonly mismatch = false;
  /** dictionary entry → file id (1-based, in order of first use); 0 = not used yet */
  private readonly fileId: Uint32Array;
  private readonly distinct: string[] = [];
  private wellFormed = true;
  private index: TypedInts | null = null;

  constructor(
    readonly def: ColumnDef,
    private readonly n: number,
    private readonly dict: readonly string[],
    private readonly rowIndex: ArrayLike<number>,
  ) {
    this.fileId = new Uint32Array(dict.length);
    if (rowIndex.length < n) throw new ColumnarError('schema', `column ${def.name}: ${rowIndex.length} indexes for ${n} rows`);
  }

  get values(): readonly string[] {
    return this.distinct;
  }

  /** the value is ignored: row i's dictionary index is used */
  feed(i: number): void {
    const k = this.rowIndex[i] as number;
    if (this.writing) {
      if (this.index) this.index[i] = this.fileId[k] as number;
      return;
    }
    if (this.fileId[k] === 0) {
      const v = this.dict[k];
      if (typeof v !== 'string') badValue(this.def, i, v);
      this.distinct.push(v);
      this.fileId[k] = this.distinct.length;
      if (this.wellFormed && !isWellFormed(v)) this.wellFormed = false;
    }
  }

  plan(): { meta: ColumnMeta; sections: Planned[] } {
    return planStrings(this.def, this.n, 0, this.distinct, this.wellFormed, (index) => (this.index = index));
  }
}

/** A builder of a non-null string column from a dictionary and each row's index into it. */
export function dictionaryColumnBuilder(def: ColumnDef, rows: number, dict: readonly string[], index: ArrayLike<number>): ColumnBuilder {
  return new DictionaryColumn(def, rows, dict, index);
}

function planStrings(def: ColumnDef, n: number, nulls: number, distinct: readonly string[], wellFormed: boolean, bindIndex: (index: TypedInts) => void): { meta: ColumnMeta; sections: Planned[] } {
  {
    if (nulls === n && n > 0) return { meta: { name: def.name, kind: 'string', nulls, enc: 'null' }, sections: [] };
    const text = wellFormed ? 'utf8' : 'utf16le';
    const dict = Buffer.from(distinct.join(''), text);
    const width: 1 | 2 | 4 = distinct.length <= 0xff ? 1 : distinct.length <= 0xffff ? 2 : 4;
    const type: IntType = width === 1 ? 'u8' : width === 2 ? 'u16' : 'u32';
    return {
      meta: { name: def.name, kind: 'string', nulls, text, count: distinct.length, dict: { offset: 0, length: 0 }, lengths: { offset: 0, length: 0 }, index: { offset: 0, length: 0 }, width },
      sections: [
        { length: dict.length, swap: 0, bind: (out, offset) => void dict.copy(out, offset) },
        {
          length: 4 * distinct.length,
          swap: 4,
          bind: (out, offset) => {
            const lengths = view('u32', out, offset, distinct.length);
            for (let k = 0; k < distinct.length; k++) lengths[k] = (distinct[k] as string).length;
          },
        },
        {
          length: width * n,
          swap: width === 1 ? 0 : width === 2 ? 2 : 4,
          bind: (out, offset) => {
            bindIndex(view(type, out, offset, n) as TypedInts);
          },
        },
      ],
    };
  }
}

/** A store function for one array type (separate function literals: each store site sees one type). */
function writer(type: IntType | 'f64', data: TypedInts | Float64Array, p: number): (i: number, v: number) => boolean {
  const scaled = p !== 1;
  switch (type) {
    case 'f64': {
      const d = data as Float64Array;
      return (i, v) => {
        d[i] = v;
        return true;
      };
    }
    case 'u8': {
      const d = data as Uint8Array;
      return scaled ? (i, v) => (d[i] = Math.round(v * p)) / p === v : (i, v) => (d[i] = v) === v;
    }
    case 'i8': {
      const d = data as Int8Array;
      return scaled ? (i, v) => (d[i] = Math.round(v * p)) / p === v : (i, v) => (d[i] = v) === v;
    }
    case 'u16': {
      const d = data as Uint16Array;
      return scaled ? (i, v) => (d[i] = Math.round(v * p)) / p === v : (i, v) => (d[i] = v) === v;
    }
    case 'i16': {
      const d = data as Int16Array;
      return scaled ? (i, v) => (d[i] = Math.round(v * p)) / p === v : (i, v) => (d[i] = v) === v;
    }
    case 'u32': {
      const d = data as Uint32Array;
      return scaled ? (i, v) => (d[i] = Math.round(v * p)) / p === v : (i, v) => (d[i] = v) === v;
    }
    case 'i32': {
      const d = data as Int32Array;
      return scaled ? (i, v) => (d[i] = Math.round(v * p)) / p === v : (i, v) => (d[i] = v) === v;
    }
  }
}

class NumberColumn implements BuilderInternals {
  writing = false;
  mismatch = false;
  forceF64 = false;
  private nulls = 0;
  private scale = 0;
  private intOk = true;
  private min = Infinity;
  private max = -Infinity;
  /** 10^scale */
  private p = 1;
  private enc: 'int' | 'f64' | 'null' = 'f64';
  private map: Uint8Array | null = null;

  constructor(
    readonly def: ColumnDef,
    private readonly n: number,
  ) {}

  feed(i: number, v: unknown): void {
    if (typeof v === 'number') {
      if (this.writing) {
        if (!this.write(i, v)) this.mismatch = true;
        return;
      }
      if (!this.intOk) return;
      if (v - v !== 0 || (v === 0 && 1 / v < 0)) {
        this.intOk = false; // NaN, ±Infinity and -0 need f64
        return;
      }
      while (Math.round(v * this.p) / this.p !== v) {
        if (++this.scale === SCALES.length) {
          this.intOk = false;
          return;
        }
        this.p = SCALES[this.scale] as number;
      }
      if (v < this.min) this.min = v;
      if (v > this.max) this.max = v;
    } else if ((v === null || v === undefined) && this.def.nullable) {
      if (this.writing) {
        const map = this.map;
        if (map) map[i >> 3] = (map[i >> 3] as number) | (1 << (i & 7));
      } else this.nulls++;
    } else badValue(this.def, i, v);
  }

  /** stores row i (set in plan: one function per array type keeps each store monomorphic); false = not exact */
  private write: (i: number, v: number) => boolean = () => true;

  plan(): { meta: ColumnMeta; sections: Planned[] } {
    const { def, n, nulls } = this;
    if (nulls === n && n > 0) {
      this.enc = 'null';
      return { meta: { name: def.name, kind: 'number', nulls, enc: 'null' }, sections: [] };
    }
    const sections: Planned[] = [];
    this.write = () => true;
    if (nulls > 0) {
      sections.push({
        length: (n + 7) >> 3,
        swap: 0,
        bind: (out, offset) => {
          this.map = view('u8', out, offset, (n + 7) >> 3) as Uint8Array;
        },
      });
    }
    let type: IntType | 'f64' = 'f64';
    const p = SCALES[this.scale] as number;
    if (this.intOk && !this.forceF64) {
      const lo = nulls === n ? 0 : Math.round(this.min * p);
      const hi = nulls === n ? 0 : Math.round(this.max * p);
      const range = INT_RANGES.find(([, a, b]) => lo >= a && hi <= b);
      if (range) type = range[0];
    }
    this.enc = type === 'f64' ? 'f64' : 'int';
    const width = type === 'f64' ? 8 : INT_WIDTH[type];
    sections.push({
      length: width * n,
      swap: width === 1 ? 0 : (width as 2 | 4 | 8),
      bind: (out, offset) => {
        this.write = writer(type, view(type, out, offset, n), p);
      },
    });
    const meta: ColumnMeta =
      type === 'f64'
        ? { name: def.name, kind: 'number', nulls, enc: 'f64', nullMap: null, data: { offset: 0, length: 0 } }
        : { name: def.name, kind: 'number', nulls, enc: 'int', type, scale: this.scale, nullMap: null, data: { offset: 0, length: 0 } };
    return { meta, sections };
  }
}

class BooleanColumn implements BuilderInternals {
  writing = false;
  readonly mismatch = false;
  private nulls = 0;
  private data: Uint8Array | null = null;

  constructor(
    readonly def: ColumnDef,
    private readonly n: number,
  ) {}

  feed(i: number, v: unknown): void {
    let code: number;
    if (v === true) code = 1;
    else if (v === false) code = 0;
    else if ((v === null || v === undefined) && this.def.nullable) code = 2;
    else badValue(this.def, i, v);
    if (!this.writing) {
      if (code === 2) this.nulls++;
    } else if (this.data) this.data[i] = code;
  }

  plan(): { meta: ColumnMeta; sections: Planned[] } {
    const { def, n, nulls } = this;
    if (nulls === n && n > 0) return { meta: { name: def.name, kind: 'boolean', nulls, enc: 'null' }, sections: [] };
    return {
      meta: { name: def.name, kind: 'boolean', nulls, enc: 'u8', data: { offset: 0, length: 0 } },
      sections: [
        {
          length: n,
          swap: 0,
          bind: (out, offset) => {
            this.data = view('u8', out, offset, n) as Uint8Array;
          },
        },
      ],
    };
  }
}

/** A builder for `rows` values of the column. */
export function columnBuilder(def: ColumnDef, rows: number): ColumnBuilder {
  switch (def.kind) {
    case 'string':
      return new StringColumn(def, rows);
    case 'number':
      return new NumberColumn(def, rows);
    case 'boolean':
      return new BooleanColumn(def, rows);
  }
}

/** Points the column's section fields at their final places. */
function placeSections(meta: ColumnMeta, placed: Section[]): void {
  const at = (k: number): Section => placed[k] as Section;
  if (meta.kind === 'string' && 'text' in meta) {
    meta.dict = at(0);
    meta.lengths = at(1);
    meta.index = at(2);
  } else if ('enc' in meta && (meta.enc === 'int' || meta.enc === 'f64')) {
    if (placed.length === 2) {
      meta.nullMap = at(0);
      meta.data = at(1);
    } else meta.data = at(0);
  } else if ('enc' in meta && meta.enc === 'u8') meta.data = at(0);
}

export interface EncodedTable {
  bytes: Buffer;
  /** hex SHA-256 stored in the trailer (of every byte before it) */
  sha256: string;
  rows: number;
  /** the distinct values of each string column, by column name (free statistics for the caller) */
  distinct: ReadonlyMap<string, readonly string[]>;
}

/** Encodes rows given as objects with the columns' properties (generic; tests and small tables). */
export function encodeRows(table: string, columns: readonly ColumnDef[], rows: readonly object[]): EncodedTable {
  const builders = columns.map((def) => columnBuilder(def, rows.length));
  return encodeTable(table, builders, rows.length, () => {
    for (const b of builders) for (let i = 0; i < rows.length; i++) b.feed(i, (rows[i] as Record<string, unknown>)[b.def.name]);
  });
}

/**
 * Encodes one table file. `pass` feeds every row's value to every builder, in row order; it
 * is called twice (observe, then write) and must feed the same values both times.
 */
export function encodeTable(table: string, builders: readonly ColumnBuilder[], rows: number, pass: () => void): EncodedTable {
  const cols = builders as readonly BuilderInternals[];
  for (const c of cols) c.writing = false;
  pass();
  for (;;) {
    const result = layOut(table, cols, rows, pass);
    const retry = cols.filter((c) => c.mismatch);
    if (retry.length === 0) return result;
    // A value that round-tripped at a smaller scale did not at the final one: store as f64.
    for (const c of retry) {
      c.forceF64 = true;
      (c as unknown as { mismatch: boolean }).mismatch = false;
    }
  }
}

function layOut(table: string, cols: readonly BuilderInternals[], rows: number, pass: () => void): EncodedTable {
  const planned = cols.map((c) => c.plan());
  // The header's size depends on the offsets it holds, which depend on its size: lay out,
  // and again with room for the header just built, until it fits (two or three rounds).
  const places: number[][] = [];
  const attempt = (estimate: number): { headerBytes: Buffer; end: number } => {
    let offset = align8(PREFIX + estimate);
    places.length = 0;
    for (const col of planned) {
      const placed: Section[] = [];
      for (const s of col.sections) {
        placed.push({ offset, length: s.length });
        offset = align8(offset + s.length);
      }
      places.push(placed.map((x) => x.offset));
      placeSections(col.meta, placed);
    }
    const header: FileHeader = { table, rows, columns: planned.map((c) => c.meta) };
    return { headerBytes: Buffer.from(JSON.stringify(header), 'utf8'), end: offset };
  };
  let estimate = 0;
  let laid = attempt(estimate);
  while (laid.headerBytes.length > estimate) {
    estimate = laid.headerBytes.length + 16;
    laid = attempt(estimate);
  }
  const { headerBytes, end } = laid;
  const out = Buffer.alloc(end + TRAILER);
  MAGIC.copy(out, 0);
  out.writeUInt16LE(TABLE_FILE_VERSION, 4);
  out.writeUInt16LE(0, 6);
  out.writeUInt32LE(headerBytes.length, 8);
  headerBytes.copy(out, PREFIX);
  planned.forEach((col, k) => col.sections.forEach((s, j) => s.bind(out, (places[k] as number[])[j] as number)));
  for (const c of cols) c.writing = true;
  pass();
  for (const c of cols) c.writing = false;
  if (!LITTLE_ENDIAN) {
    planned.forEach((col, k) =>
      col.sections.forEach((s, j) => {
        const at = (places[k] as number[])[j] as number;
        const part = out.subarray(at, at + s.length);
        if (s.swap === 2) part.swap16();
        else if (s.swap === 4) part.swap32();
        else if (s.swap === 8) part.swap64();
      }),
    );
  }
  const digest = createHash('sha256').update(out.subarray(0, end)).digest();
  digest.copy(out, end);
  END_MAGIC.copy(out, end + 32);
  const distinct = new Map<string, readonly string[]>();
  for (const c of cols) if (c instanceof StringColumn || c instanceof DictionaryColumn) distinct.set(c.def.name, c.values);
  return { bytes: out, sha256: digest.toString('hex'), rows, distinct };
}

// ---------------------------------------------------------------------------
// Decoding

/** A column's value for row i. */
export type Accessor<T> = (i: number) => T;

export interface DecodedTable {
  table: string;
  rows: number;
  sha256: string;
  string(name: string): Accessor<string | null>;
  number(name: string): Accessor<number | null>;
  boolean(name: string): Accessor<boolean | null>;
  /** a string column as its dictionary (entry 0 = null) and each row's index into it */
  dictionary(name: string): { values: readonly (string | null)[]; index: ArrayLike<number> };
  /** a number column as one Float64Array, NaN where null */
  numbers(name: string): Float64Array;
}

/** Reads the checksum from the trailer without verifying it (the manifest compares it). */
export function storedChecksum(bytes: Uint8Array): string | null {
  if (bytes.byteLength < PREFIX + TRAILER) return null;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!buf.subarray(buf.length - 4).equals(END_MAGIC)) return null;
  return buf.subarray(buf.length - TRAILER, buf.length - 4).toString('hex');
}

function fail(kind: ColumnarErrorKind, message: string): never {
  throw new ColumnarError(kind, message);
}

/** A typed view of a section (copied when unaligned or on a big-endian machine). */
function typedSection(buf: Buffer, s: Section, type: IntType | 'f64', n: number): TypedInts | Float64Array {
  const width = type === 'f64' ? 8 : INT_WIDTH[type];
  if (s.length !== n * width) fail('format', `a column section has ${s.length} bytes, expected ${n * width}`);
  let source = buf;
  let offset = s.offset;
  if (!LITTLE_ENDIAN || (buf.byteOffset + offset) % width !== 0) {
    source = Buffer.from(buf.subarray(offset, offset + s.length));
    if (!LITTLE_ENDIAN && width === 2) source.swap16();
    else if (!LITTLE_ENDIAN && width === 4) source.swap32();
    else if (!LITTLE_ENDIAN && width === 8) source.swap64();
    offset = 0;
    if (source.byteOffset % width !== 0) {
      // Buffer.from may hand out pooled memory at any offset; a fresh ArrayBuffer is aligned.
      const copy = new Uint8Array(s.length);
      copy.set(source);
      source = Buffer.from(copy.buffer, 0, s.length);
    }
  }
  return type === 'f64' ? new Float64Array(source.buffer, source.byteOffset + offset, n) : intArrayOver(type, source.buffer, source.byteOffset + offset, n);
}

function checkSection(s: unknown, dataStart: number, dataEnd: number): Section {
  const sec = s as Section | null;
  if (!sec || !Number.isSafeInteger(sec.offset) || !Number.isSafeInteger(sec.length) || sec.offset < dataStart || sec.length < 0 || sec.offset + sec.length > dataEnd) {
    fail('format', 'a column section lies outside the file');
  }
  return sec;
}

const isNullAt = (map: Uint8Array, i: number): boolean => ((map[i >> 3] as number) >> (i & 7)) & 1 ? true : false;

/**
 * Verifies and decodes a table file. Throws ColumnarError: 'truncated' (too short or no end
 * magic), 'checksum' (SHA-256 mismatch), 'version' (a newer file version), 'format' (a
 * malformed header or section), 'schema' (a column missing or of another kind).
 */
export function decodeTable(bytes: Uint8Array, expected: readonly ColumnDef[]): DecodedTable {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < PREFIX + TRAILER || !buf.subarray(0, 4).equals(MAGIC)) {
    if (buf.length >= 4 && !buf.subarray(0, 4).equals(MAGIC)) fail('format', 'not a Holdfast table file (wrong magic number)');
    fail('truncated', `the file is truncated (${buf.length} bytes)`);
  }
  if (!buf.subarray(buf.length - 4).equals(END_MAGIC)) fail('truncated', `the file is truncated or has trailing bytes (${buf.length} bytes, no end marker)`);
  const end = buf.length - TRAILER;
  const stored = buf.subarray(end, end + 32);
  const actual = createHash('sha256').update(buf.subarray(0, end)).digest();
  if (!actual.equals(stored)) fail('checksum', 'checksum mismatch: the file was changed or damaged after it was saved');
  const version = buf.readUInt16LE(4);
  if (version > TABLE_FILE_VERSION) fail('version', `table file version ${version} is newer than this app reads (${TABLE_FILE_VERSION})`);
  const headerLength = buf.readUInt32LE(8);
  if (PREFIX + headerLength > end) fail('format', 'the header runs past the end of the file');
  let header: FileHeader;
  try {
    header = JSON.parse(buf.toString('utf8', PREFIX, PREFIX + headerLength)) as FileHeader;
  } catch {
    fail('format', 'the header is not valid JSON');
  }
  const n = header.rows;
  if (!Number.isSafeInteger(n) || n < 0 || !Array.isArray(header.columns)) fail('format', 'the header is malformed');
  const dataStart = PREFIX + headerLength;
  const byName = new Map<string, ColumnMeta>();
  for (const c of header.columns) byName.set(c.name, c);

  const metaFor = (name: string, kind: ColumnKind): ColumnMeta | null => {
    const def = expected.find((d) => d.name === name);
    const meta = byName.get(name);
    if (!meta) {
      if (def && !def.nullable && n > 0) fail('schema', `column ${name} is missing`);
      return null;
    }
    if (meta.kind !== kind) fail('schema', `column ${name} holds ${meta.kind}, expected ${kind}`);
    if (def && !def.nullable && meta.nulls > 0) fail('schema', `column ${name} holds nulls but may not`);
    return meta;
  };

  const dictionary = (name: string): { values: (string | null)[]; index: ArrayLike<number> } => {
    const meta = metaFor(name, 'string');
    if (!meta || !('text' in meta)) return { values: [null], index: new Uint8Array(n) };
    const dict = checkSection(meta.dict, dataStart, end);
    const lengths = typedSection(buf, checkSection(meta.lengths, dataStart, end), 'u32', meta.count);
    const index = typedSection(buf, checkSection(meta.index, dataStart, end), meta.width === 1 ? 'u8' : meta.width === 2 ? 'u16' : 'u32', n);
    const text = buf.toString(meta.text === 'utf16le' ? 'utf16le' : 'utf8', dict.offset, dict.offset + dict.length);
    const values: (string | null)[] = new Array<string | null>(meta.count + 1);
    values[0] = null;
    let at = 0;
    for (let k = 0; k < meta.count; k++) {
      const len = lengths[k] as number;
      values[k + 1] = text.slice(at, at + len);
      at += len;
    }
    if (at !== text.length) fail('format', `column ${name}: the dictionary does not match its lengths`);
    for (let i = 0; i < n; i++) if ((index[i] as number) > meta.count) fail('format', `column ${name}: index out of range`);
    return { values, index };
  };

  const decoded: DecodedTable = {
    table: String(header.table),
    rows: n,
    sha256: stored.toString('hex'),
    dictionary,
    numbers(name) {
      const out = new Float64Array(n);
      const meta = metaFor(name, 'number');
      if (!meta || !('enc' in meta) || meta.enc === 'null') return out.fill(NaN);
      if (meta.enc !== 'int' && meta.enc !== 'f64') fail('format', `column ${name}: unknown encoding`);
      const map = meta.nullMap ? (typedSection(buf, checkSection(meta.nullMap, dataStart, end), 'u8', (n + 7) >> 3) as Uint8Array) : null;
      if (meta.enc === 'f64') out.set(typedSection(buf, checkSection(meta.data, dataStart, end), 'f64', n));
      else {
        if (!(meta.type in INT_WIDTH) || !Number.isInteger(meta.scale) || meta.scale < 0 || meta.scale >= SCALES.length) fail('format', `column ${name}: unknown integer encoding`);
        const data = typedSection(buf, checkSection(meta.data, dataStart, end), meta.type, n);
        const p = SCALES[meta.scale] as number;
        if (p === 1) out.set(data);
        else for (let i = 0; i < n; i++) out[i] = (data[i] as number) / p;
      }
      if (map) for (let i = 0; i < n; i++) if (isNullAt(map, i)) out[i] = NaN;
      return out;
    },
    string(name) {
      const meta = metaFor(name, 'string');
      if (!meta || !('text' in meta)) return () => null;
      const dict = checkSection(meta.dict, dataStart, end);
      const lengths = typedSection(buf, checkSection(meta.lengths, dataStart, end), 'u32', meta.count);
      const index = typedSection(buf, checkSection(meta.index, dataStart, end), meta.width === 1 ? 'u8' : meta.width === 2 ? 'u16' : 'u32', n);
      const text = buf.toString(meta.text === 'utf16le' ? 'utf16le' : 'utf8', dict.offset, dict.offset + dict.length);
      const values: (string | null)[] = new Array<string | null>(meta.count + 1);
      values[0] = null;
      let at = 0;
      for (let k = 0; k < meta.count; k++) {
        const len = lengths[k] as number;
        values[k + 1] = text.slice(at, at + len);
        at += len;
      }
      if (at !== text.length) fail('format', `column ${name}: the dictionary does not match its lengths`);
      for (let i = 0; i < n; i++) if ((index[i] as number) > meta.count) fail('format', `column ${name}: index out of range`);
      return (i) => values[index[i] as number] as string | null;
    },
    number(name) {
      const meta = metaFor(name, 'number');
      if (!meta || !('enc' in meta) || meta.enc === 'null') return () => null;
      if (meta.enc !== 'int' && meta.enc !== 'f64') fail('format', `column ${name}: unknown encoding`);
      const map = meta.nullMap ? (typedSection(buf, checkSection(meta.nullMap, dataStart, end), 'u8', (n + 7) >> 3) as Uint8Array) : null;
      if (meta.enc === 'f64') {
        const data = typedSection(buf, checkSection(meta.data, dataStart, end), 'f64', n);
        return map ? (i) => (isNullAt(map, i) ? null : (data[i] as number)) : (i) => data[i] as number;
      }
      if (!(meta.type in INT_WIDTH) || !Number.isInteger(meta.scale) || meta.scale < 0 || meta.scale >= SCALES.length) fail('format', `column ${name}: unknown integer encoding`);
      const data = typedSection(buf, checkSection(meta.data, dataStart, end), meta.type, n);
      const p = SCALES[meta.scale] as number;
      if (meta.scale === 0) return map ? (i) => (isNullAt(map, i) ? null : (data[i] as number)) : (i) => data[i] as number;
      return map ? (i) => (isNullAt(map, i) ? null : (data[i] as number) / p) : (i) => (data[i] as number) / p;
    },
    boolean(name) {
      const meta = metaFor(name, 'boolean');
      if (!meta || !('enc' in meta) || meta.enc === 'null') return () => null;
      if (meta.enc !== 'u8') fail('format', `column ${name}: unknown encoding`);
      const data = typedSection(buf, checkSection(meta.data, dataStart, end), 'u8', n);
      const values = [false, true, null] as const;
      for (let i = 0; i < n; i++) if ((data[i] as number) > 2) fail('format', `column ${name}: bad boolean`);
      return (i) => values[data[i] as number] as boolean | null;
    },
  };
  // Every expected column must be readable now, not at first use.
  for (const def of expected) metaFor(def.name, def.kind);
  return decoded;
}

/** Decodes into plain row objects with the expected columns (generic, for tests and tools). */
export function decodeRows(bytes: Uint8Array, columns: readonly ColumnDef[]): Record<string, string | number | boolean | null>[] {
  const t = decodeTable(bytes, columns);
  const getters = columns.map((c) => [c.name, c.kind === 'string' ? t.string(c.name) : c.kind === 'number' ? t.number(c.name) : t.boolean(c.name)] as const);
  const rows = new Array<Record<string, string | number | boolean | null>>(t.rows);
  for (let i = 0; i < t.rows; i++) {
    const row: Record<string, string | number | boolean | null> = {};
    for (const [name, get] of getters) row[name] = get(i);
    rows[i] = row;
  }
  return rows;
}
