/**
 * Zip archives before any spreadsheet parser sees them. `inspectZip` reads the
 * central directory (no decompression); `unpackZip` inflates every entry with
 * Node's zlib under a hard output limit, checks each entry's CRC-32 and real
 * size, and `restoreZipStored` writes the checked entries back as a zip whose
 * entries are all stored (method 0). A parser given that zip never runs an
 * inflater of its own: SheetJS's JavaScript inflater loops forever on some
 * damaged deflate streams that zlib rejects in milliseconds, and declared sizes
 * (which the file controls) are never trusted for a limit.
 */
import zlib from 'node:zlib';

export interface ZipSummary {
  entries: number;
  compressed: number;
  uncompressed: number;
}

export class ZipProblem extends Error {
  constructor(
    readonly kind: 'truncated' | 'too-large' | 'ratio' | 'zip64' | 'damaged' | 'encrypted' | 'method',
    message: string,
  ) {
    super(message);
  }
}

const EOCD = 0x06054b50;
const CDH = 0x02014b50;
const LFH = 0x04034b50;

function u16(b: Uint8Array, o: number): number {
  return (b[o] ?? 0) | ((b[o + 1] ?? 0) << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (u16(b, o) | (u16(b, o + 2) << 16)) >>> 0;
}

interface DirEntry {
  flags: number;
  method: number;
  crc: number;
  compressed: number;
  uncompressed: number;
  localOffset: number;
  name: Uint8Array;
}

function directory(bytes: Uint8Array): DirEntry[] {
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65557); i--) {
    if (u32(bytes, i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipProblem('truncated', 'zip end record not found (file truncated or damaged)');
  const count = u16(bytes, eocd + 10);
  const cdSize = u32(bytes, eocd + 12);
  const cdOffset = u32(bytes, eocd + 16);
  if (cdOffset === 0xffffffff || count === 0xffff) throw new ZipProblem('zip64', 'zip64 archives are not supported');
  if (cdOffset + cdSize > bytes.length) throw new ZipProblem('truncated', 'zip directory points past the end of the file (truncated)');
  const out: DirEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== CDH) throw new ZipProblem('truncated', 'zip directory is damaged');
    const c = u32(bytes, p + 20);
    const u = u32(bytes, p + 24);
    if (c === 0xffffffff || u === 0xffffffff) throw new ZipProblem('zip64', 'zip64 entries are not supported');
    const nameLength = u16(bytes, p + 28);
    if (p + 46 + nameLength > bytes.length) throw new ZipProblem('truncated', 'zip directory is damaged');
    out.push({
      flags: u16(bytes, p + 8),
      method: u16(bytes, p + 10),
      crc: u32(bytes, p + 16),
      compressed: c,
      uncompressed: u,
      localOffset: u32(bytes, p + 42),
      name: bytes.subarray(p + 46, p + 46 + nameLength),
    });
    p += 46 + nameLength + u16(bytes, p + 30) + u16(bytes, p + 32);
  }
  return out;
}

export function inspectZip(bytes: Uint8Array): ZipSummary {
  const entries = directory(bytes);
  let compressed = 0;
  let uncompressed = 0;
  for (const e of entries) {
    compressed += e.compressed;
    uncompressed += e.uncompressed;
  }
  return { entries: entries.length, compressed, uncompressed };
}

export interface ZipLimits {
  /** total uncompressed bytes, counted on what really inflates */
  maxUncompressed: number;
  /** uncompressed / compressed, checked once the archive is bigger than ratioFloor */
  maxRatio: number;
  ratioFloor: number;
  /** entries in one archive (a workbook has a few dozen) */
  maxEntries?: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxUncompressed: 1024 * 1024 * 1024, maxRatio: 200, ratioFloor: 64 * 1024 * 1024, maxEntries: 10_000 };

/** The declared sizes only: a quick refusal before anything is inflated. */
export function checkZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipSummary {
  const s = inspectZip(bytes);
  if (s.uncompressed > limits.maxUncompressed) {
    throw new ZipProblem('too-large', `unpacks to ${s.uncompressed} bytes, over the limit of ${limits.maxUncompressed}`);
  }
  if (s.uncompressed > limits.ratioFloor && s.uncompressed / Math.max(1, s.compressed) > limits.maxRatio) {
    throw new ZipProblem('ratio', `compression ratio ${Math.round(s.uncompressed / Math.max(1, s.compressed))}:1 looks like a zip bomb`);
  }
  return s;
}

let crcTable: Uint32Array | null = null;
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  const t = crcTable;
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = (t[(crc ^ (data[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export interface ZipEntry {
  /** the name's bytes as stored in the local header */
  name: Uint8Array;
  nameUtf8: boolean;
  data: Uint8Array;
  crc: number;
}

/** How many bytes an archive may unpack to: the ratio applies above the floor, never past the cap. */
export function unpackBudget(compressedBytes: number, limits: ZipLimits): number {
  return Math.min(limits.maxUncompressed, Math.max(limits.ratioFloor, compressedBytes * limits.maxRatio));
}

/**
 * Inflates every entry through Node's zlib with an output limit (the budget
 * left for the whole archive), checks CRC-32 and real sizes against the
 * directory. Throws ZipProblem; never loops, never allocates past the budget.
 */
export function unpackZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntry[] {
  checkZip(bytes, limits);
  const dir = directory(bytes);
  if (dir.length > (limits.maxEntries ?? Number.POSITIVE_INFINITY)) throw new ZipProblem('too-large', `${dir.length} entries in the archive, over the limit of ${limits.maxEntries ?? 0}`);
  let budget = unpackBudget(bytes.length, limits);
  const out: ZipEntry[] = [];
  for (const e of dir) {
    const at = e.localOffset;
    if (at + 30 > bytes.length || u32(bytes, at) !== LFH) throw new ZipProblem('damaged', 'a zip entry header is missing or damaged');
    const flags = u16(bytes, at + 6);
    const method = u16(bytes, at + 8);
    if ((flags | e.flags) & 0x41) throw new ZipProblem('encrypted', 'the archive is encrypted');
    if (method !== e.method) throw new ZipProblem('damaged', 'a zip entry disagrees with the directory');
    const nameLength = u16(bytes, at + 26);
    const start = at + 30 + nameLength + u16(bytes, at + 28);
    const end = start + e.compressed;
    if (end > bytes.length) throw new ZipProblem('truncated', 'a zip entry runs past the end of the file (truncated)');
    const raw = bytes.subarray(start, end);
    let data: Uint8Array;
    if (method === 0) {
      data = raw;
    } else if (method === 8) {
      if (e.uncompressed > budget) throw new ZipProblem('too-large', `unpacks to more than ${limits.maxUncompressed} bytes`);
      try {
        // One byte over what the entry declares is enough to see a lie; never past the archive's budget.
        data = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, Math.min(budget, e.uncompressed + 1)) });
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'ERR_BUFFER_TOO_LARGE') {
          if (e.uncompressed + 1 <= budget) throw new ZipProblem('damaged', 'a zip entry unpacks to more than its declared size');
          throw new ZipProblem('too-large', 'unpacks to more than the limit');
        }
        throw new ZipProblem('damaged', `a zip entry's compressed data is damaged (${(err as Error).message})`);
      }
    } else {
      throw new ZipProblem('method', `unsupported zip compression method ${method}`);
    }
    if (data.length !== e.uncompressed) throw new ZipProblem('damaged', 'a zip entry is not the size its directory says');
    if (crc32(data) !== e.crc) throw new ZipProblem('damaged', 'a zip entry fails its CRC check');
    budget -= data.length;
    out.push({ name: bytes.subarray(at + 30, at + 30 + nameLength), nameUtf8: ((flags | e.flags) & 0x800) !== 0, data, crc: e.crc });
  }
  return out;
}

/** The checked entries as a new zip with every entry stored: what the spreadsheet parser reads. */
export function restoreZipStored(entries: readonly ZipEntry[]): Uint8Array {
  let size = 22;
  for (const e of entries) size += 30 + e.name.length + e.data.length + 46 + e.name.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  const offsets: number[] = [];
  const crcs: number[] = [];
  let p = 0;
  for (const e of entries) {
    const crc = e.crc;
    offsets.push(p);
    crcs.push(crc);
    view.setUint32(p, LFH, true);
    view.setUint16(p + 4, 20, true);
    view.setUint16(p + 6, e.nameUtf8 ? 0x800 : 0, true);
    view.setUint16(p + 8, 0, true);
    view.setUint32(p + 14, crc, true);
    view.setUint32(p + 18, e.data.length, true);
    view.setUint32(p + 22, e.data.length, true);
    view.setUint16(p + 26, e.name.length, true);
    out.set(e.name, p + 30);
    out.set(e.data, p + 30 + e.name.length);
    p += 30 + e.name.length + e.data.length;
  }
  const cdStart = p;
  entries.forEach((e, i) => {
    view.setUint32(p, CDH, true);
    view.setUint16(p + 4, 20, true);
    view.setUint16(p + 6, 20, true);
    view.setUint16(p + 8, e.nameUtf8 ? 0x800 : 0, true);
    view.setUint32(p + 16, crcs[i] ?? 0, true);
    view.setUint32(p + 20, e.data.length, true);
    view.setUint32(p + 24, e.data.length, true);
    view.setUint16(p + 28, e.name.length, true);
    view.setUint32(p + 42, offsets[i] ?? 0, true);
    out.set(e.name, p + 46);
    p += 46 + e.name.length;
  });
  view.setUint32(p, EOCD, true);
  view.setUint16(p + 8, entries.length, true);
  view.setUint16(p + 10, entries.length, true);
  view.setUint32(p + 12, p - cdStart, true);
  view.setUint32(p + 16, cdStart, true);
  return out;
}
