/**
 * A seeded mutator of import files: the same (seed, case number) always gives
 * the same bytes, so a failure reproduces from its id alone. Strategies: byte
 * flips, truncations, zip entries swapped / duplicated / oversized, damaged
 * deflate streams, billion-laughs and deeply nested XML, huge shared-string
 * counts, a lying <dimension>, cells far down or far right, many sheets with
 * a cell on a far row, 10k-character cells, NUL bytes, mixed encodings.
 */
import zlib from 'node:zlib';
import { crc32, unpackZip } from '../../electron/backend/import/zipInspect';

export interface Rng {
  next(): number;
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
}

/** mulberry32 */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { next, int, pick: (xs) => xs[int(xs.length)] as (typeof xs)[number] };
}

export interface Entry {
  name: string;
  data: Uint8Array;
}

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: false });

export function isZip(b: Uint8Array): boolean {
  return b[0] === 0x50 && b[1] === 0x4b;
}

export function readEntries(bytes: Uint8Array): Entry[] {
  return unpackZip(bytes).map((e) => ({ name: dec.decode(e.name), data: e.data }));
}

/** A plain zip writer (deflated entries) so mutations can rebuild an archive, optionally lying about sizes. */
export function writeZip(entries: readonly Entry[], opts: { store?: boolean; declare?: (i: number, real: number) => number } = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  entries.forEach((e, i) => {
    const name = enc.encode(e.name);
    const body = opts.store ? e.data : new Uint8Array(zlib.deflateRawSync(e.data));
    const crc = crc32(e.data);
    const usz = opts.declare ? opts.declare(i, e.data.length) : e.data.length;
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x800, true);
    lv.setUint16(8, opts.store ? 0 : 8, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, body.length, true);
    lv.setUint32(22, usz >>> 0, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const cd = new Uint8Array(46 + name.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x800, true);
    cv.setUint16(10, opts.store ? 0 : 8, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, body.length, true);
    cv.setUint32(24, usz >>> 0, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    cd.set(name, 46);
    parts.push(local, body);
    central.push(cd);
    offset += local.length + body.length;
  });
  let cdSize = 0;
  for (const c of central) cdSize += c.length;
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  return concat([...parts, ...central, end]);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function flipBytes(b: Uint8Array, r: Rng): Uint8Array {
  const out = b.slice();
  const n = 1 + r.int(Math.min(64, Math.max(1, out.length >> 6)));
  for (let i = 0; i < n && out.length > 0; i++) out[r.int(out.length)] = r.int(256);
  return out;
}

function truncate(b: Uint8Array, r: Rng): Uint8Array {
  return b.subarray(0, r.int(b.length));
}

/** Bytes flipped inside one deflated entry's data only: a damaged deflate stream behind an intact directory. */
function damageDeflate(entries: Entry[], r: Rng): Uint8Array {
  const zip = writeZip(entries);
  // Local header + name precede each body; flip inside the biggest body by walking the directory we just wrote.
  const out = zip.slice();
  const view = new DataView(out.buffer);
  let p = 0;
  let best = { start: 0, len: 0 };
  while (p + 30 <= out.length && view.getUint32(p, true) === 0x04034b50) {
    const csz = view.getUint32(p + 18, true);
    const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
    if (csz > best.len) best = { start, len: csz };
    p = start + csz;
  }
  const n = 1 + r.int(8);
  for (let i = 0; i < n && best.len > 0; i++) out[best.start + r.int(best.len)] = r.int(256);
  return out;
}

const sheetNames = (entries: readonly Entry[]): Entry[] => entries.filter((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name));

function replaceEntry(entries: readonly Entry[], name: string, text: string | Uint8Array): Entry[] {
  const data = typeof text === 'string' ? enc.encode(text) : text;
  const found = entries.some((e) => e.name === name);
  return found ? entries.map((e) => (e.name === name ? { name, data } : e)) : [...entries, { name, data }];
}

function firstSheet(entries: readonly Entry[]): string {
  return sheetNames(entries)[0]?.name ?? 'xl/worksheets/sheet1.xml';
}

const WS_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';

function colName(c: number): string {
  let s = '';
  let n = c + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function sheetXml(cells: { r: number; c: number; v: string }[], dimension?: string): string {
  const rows = new Map<number, string[]>();
  for (const cell of cells) {
    const list = rows.get(cell.r) ?? [];
    list.push(`<c r="${colName(cell.c)}${cell.r + 1}" t="inlineStr"><is><t>${cell.v}</t></is></c>`);
    rows.set(cell.r, list);
  }
  const body = [...rows.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([r, cs]) => `<row r="${r + 1}">${cs.join('')}</row>`)
    .join('');
  return `${WS_HEAD}${dimension ? `<dimension ref="${dimension}"/>` : ''}<sheetData>${body}</sheetData></worksheet>`;
}

/** A workbook with n sheets, each given its sheet XML: the parts SheetJS needs and nothing else. */
function workbookOf(sheets: readonly string[]): Entry[] {
  const ct = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}</Types>`;
  const rels = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';
  const wb = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets.map((_, i) => `<sheet name="S${i + 1}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`;
  const wbRels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}</Relationships>`;
  return [
    { name: '[Content_Types].xml', data: enc.encode(ct) },
    { name: '_rels/.rels', data: enc.encode(rels) },
    { name: 'xl/workbook.xml', data: enc.encode(wb) },
    { name: 'xl/_rels/workbook.xml.rels', data: enc.encode(wbRels) },
    ...sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: enc.encode(s) })),
  ];
}

const HEADER = ['集团编码', '集团名称', '账期', '出账收入', '成员数'];

function headerCells(): { r: number; c: number; v: string }[] {
  return HEADER.map((v, c) => ({ r: 0, c, v }));
}

function gbkBytes(): Uint8Array {
  // 集团 in GBK, then a stray lead byte: a GBK fragment inside UTF-8 text.
  return new Uint8Array([0xbc, 0xaf, 0xcd, 0xc5, 0x81]);
}

/** Every strategy over a zip (xlsx) fixture. */
const ZIP_STRATEGIES: Record<string, (entries: Entry[], bytes: Uint8Array, r: Rng) => Uint8Array> = {
  flip: (_e, b, r) => flipBytes(b, r),
  truncate: (_e, b, r) => truncate(b, r),
  damagedDeflate: (e, _b, r) => damageDeflate(e, r),
  swapEntries: (e, _b, r) => {
    const out = e.slice();
    const i = r.int(out.length);
    const j = r.int(out.length);
    const a = out[i];
    const b = out[j];
    if (a && b) {
      out[i] = { name: a.name, data: b.data };
      out[j] = { name: b.name, data: a.data };
    }
    return writeZip(out);
  },
  duplicateEntry: (e, _b, r) => {
    const out = e.slice();
    const pick = r.pick(e);
    out.splice(r.int(out.length + 1), 0, { name: pick.name, data: r.next() < 0.5 ? pick.data : enc.encode('<garbage') });
    return writeZip(out);
  },
  oversizedDeclared: (e, _b, r) => writeZip(e, { declare: (i, real) => (r.next() < 0.5 ? 0xfffffff0 - i : real * (1000 + r.int(100000))) }),
  undersizedDeclared: (e) => writeZip(e, { declare: (_i, real) => Math.max(0, real >> 1) }),
  billionLaughs: (e) => {
    let dtd = '<!DOCTYPE lolz [<!ENTITY lol "lol">';
    let prev = 'lol';
    for (let i = 1; i <= 9; i++) {
      dtd += `<!ENTITY lol${i} "${`&${prev};`.repeat(10)}">`;
      prev = `lol${i}`;
    }
    dtd += ']>';
    const xml = `<?xml version="1.0"?>${dtd}${WS_HEAD.slice(WS_HEAD.indexOf('<worksheet'))}<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>`;
    const sst = `<?xml version="1.0"?>${dtd}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>`;
    return writeZip(replaceEntry(replaceEntry(e, firstSheet(e), xml), 'xl/sharedStrings.xml', sst));
  },
  deepNesting: (e, _b, r) => {
    const depth = 10_000 + r.int(90_000);
    const xml = `${WS_HEAD}<sheetData><row r="1"><c r="A1" t="inlineStr"><is>${'<r>'.repeat(depth)}<t>x</t>${'</r>'.repeat(depth)}</is></c></row></sheetData>${'<extLst>'.repeat(depth >> 2)}</worksheet>`;
    return writeZip(replaceEntry(e, firstSheet(e), xml));
  },
  hugeSharedStringCount: (e, _b, r) => {
    const n = 1 + r.int(50);
    const items = Array.from({ length: n }, (_, i) => `<si><t>s${i}</t></si>`).join('');
    const sst = `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${r.pick(['2147483647', '4294967295', '999999999999', '-1', '1e308'])}" uniqueCount="${r.pick(['2147483647', '4294967295', '-5', 'NaN'])}">${items}</sst>`;
    return writeZip(replaceEntry(e, 'xl/sharedStrings.xml', sst));
  },
  lyingDimension: (e, _b, r) => {
    const far = r.pick([2_999_999, 1_999_999, 1_048_575, 5_000_000]);
    const xml = sheetXml([...headerCells(), { r: far, c: r.pick([701, 16383, 3]), v: 'x' }], 'A1:B2');
    return writeZip(replaceEntry(e, firstSheet(e), xml));
  },
  wideRow: (e, _b, r) => {
    const xml = sheetXml([...headerCells(), { r: 1, c: r.pick([2001, 16383, 5000]), v: 'x' }], 'A1:E2');
    return writeZip(replaceEntry(e, firstSheet(e), xml));
  },
  manySheetsFarRows: (_e, _b, r) => {
    const n = 20 + r.int(60);
    const xml = sheetXml([{ r: 1_999_998 - r.int(1000), c: 0, v: 'x' }]);
    return writeZip(workbookOf(Array.from({ length: n }, () => xml)));
  },
  longCells: (_e, _b, r) => {
    const cells = headerCells();
    const n = 5 + r.int(40);
    for (let i = 1; i <= n; i++) {
      cells.push({ r: i, c: 0, v: `0571${String(i).padStart(6, '0')}` });
      cells.push({ r: i, c: 1, v: '名'.repeat(10_000 + r.int(30_000)) });
      cells.push({ r: i, c: 2, v: '202403' });
      cells.push({ r: i, c: 3, v: 'x'.repeat(10_000) });
    }
    return writeZip(workbookOf([sheetXml(cells)]));
  },
  nulBytes: (e, _b, r) => {
    const name = firstSheet(e);
    const sheet = e.find((x) => x.name === name);
    if (!sheet) return writeZip(e);
    const data = sheet.data.slice();
    const n = 1 + r.int(20);
    for (let i = 0; i < n && data.length > 0; i++) data[r.int(data.length)] = 0;
    return writeZip(replaceEntry(e, name, data));
  },
  mixedEncoding: (e, _b, r) => {
    const name = firstSheet(e);
    const sheet = e.find((x) => x.name === name);
    if (!sheet) return writeZip(e);
    const text = dec.decode(sheet.data);
    const at = Math.max(0, text.indexOf('<sheetData>'));
    const head = enc.encode(r.next() < 0.5 ? text.slice(0, at).replace('encoding="UTF-8"', 'encoding="UTF-16"') : text.slice(0, at));
    const mid = concat([enc.encode('<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'), gbkBytes(), new Uint8Array([0xff, 0xfe, 0xc0, 0x80]), enc.encode('</t></is></c></row>')]);
    return writeZip(replaceEntry(e, name, concat([head, mid, enc.encode(text.slice(at + '<sheetData>'.length))])));
  },
  removeEntry: (e, _b, r) => {
    const out = e.slice();
    out.splice(r.int(out.length), 1);
    return writeZip(out);
  },
  flipInsideXml: (e, _b, r) => {
    const pick = r.pick(e);
    return writeZip(replaceEntry(e, pick.name, flipBytes(pick.data, r)));
  },
};

const TEXT_STRATEGIES: Record<string, (b: Uint8Array, r: Rng) => Uint8Array> = {
  flip: flipBytes,
  truncate,
  nulBytes: (b, r) => {
    const out = b.slice();
    const n = 1 + r.int(8);
    for (let i = 0; i < n && out.length > 0; i++) out[r.int(out.length)] = 0;
    return out;
  },
  mixedEncoding: (b, r) => concat([b, gbkBytes(), enc.encode('\r\n0571999999,测试,202403,1,1\r\n'), r.next() < 0.5 ? new Uint8Array([0xfe, 0xff, 0x00, 0x41]) : new Uint8Array([0xe6, 0x9d])]),
  longCells: (b, r) => concat([b, enc.encode(`\n0571000999,${'名'.repeat(10_000 + r.int(40_000))},202403,${'9'.repeat(10_000)},1\n`)]),
  unclosedQuote: (b) => concat([enc.encode('"'), b]),
  longLine: (b, r) => concat([b, enc.encode(`\n${','.repeat(2000 + r.int(50_000))}\n`)]),
  htmlTable: (_b, r) => enc.encode(`<html><body><table>${'<tr><td rowspan="65535" colspan="16384">x</td></tr>'.repeat(1 + r.int(5))}${'<table><tr><td>'.repeat(r.int(5000))}</table></body></html>`),
};

const CFB_STRATEGIES: Record<string, (b: Uint8Array, r: Rng) => Uint8Array> = {
  flip: flipBytes,
  truncate,
  flipRecords: (b, r) => {
    // Flip bytes past the CFB header, inside the BIFF stream.
    const out = b.slice();
    const n = 1 + r.int(32);
    for (let i = 0; i < n && out.length > 512; i++) out[512 + r.int(out.length - 512)] = r.int(256);
    return out;
  },
};

export interface Mutant {
  id: string;
  strategy: string;
  fileName: string;
  bytes: Uint8Array;
}

/** Case number k of a run seeded `seed`, over the given source files. */
export function mutant(sources: readonly { file: string; bytes: Uint8Array; entries: Entry[] | null }[], seed: number, k: number): Mutant {
  const r = rng((seed ^ Math.imul(k + 1, 0x9e3779b1)) >>> 0);
  const src = r.pick(sources);
  let strategy: string;
  let bytes: Uint8Array;
  if (src.entries) {
    strategy = r.pick(Object.keys(ZIP_STRATEGIES));
    bytes = (ZIP_STRATEGIES[strategy] as (typeof ZIP_STRATEGIES)[string])(src.entries, src.bytes, r);
  } else if (src.bytes[0] === 0xd0 && src.bytes[1] === 0xcf) {
    strategy = r.pick(Object.keys(CFB_STRATEGIES));
    bytes = (CFB_STRATEGIES[strategy] as (typeof CFB_STRATEGIES)[string])(src.bytes, r);
  } else {
    strategy = r.pick(Object.keys(TEXT_STRATEGIES));
    bytes = (TEXT_STRATEGIES[strategy] as (typeof TEXT_STRATEGIES)[string])(src.bytes, r);
  }
  return { id: `${seed}-${k}`, strategy, fileName: src.file, bytes };
}
