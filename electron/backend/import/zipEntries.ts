/**
 * Reads a zip entry by entry for the streaming .xlsx reader: the central directory
 * names the entries, each is inflated on its own (Node's zlib, with an output limit
 * of its declared size), so only one entry's bytes are alive at a time.
 * zipInspect.ts has already refused bombs and broken archives by their declared sizes.
 */
import zlib from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  compressed: number;
  uncompressed: number;
  /** offset of the local header */
  offset: number;
}

export class ZipEntryError extends Error {}

function u16(b: Uint8Array, o: number): number {
  return (b[o] ?? 0) | ((b[o + 1] ?? 0) << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (u16(b, o) | (u16(b, o + 2) << 16)) >>> 0;
}

const EOCD = 0x06054b50;
const CDH = 0x02014b50;
const LFH = 0x04034b50;

export function listEntries(bytes: Uint8Array): Map<string, ZipEntry> {
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65557); i--) {
    if (u32(bytes, i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipEntryError('zip end record not found');
  const count = u16(bytes, eocd + 10);
  let p = u32(bytes, eocd + 16);
  const out = new Map<string, ZipEntry>();
  const utf8 = new TextDecoder('utf-8');
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== CDH) throw new ZipEntryError('zip directory is damaged');
    const nameLen = u16(bytes, p + 28);
    const name = utf8.decode(bytes.subarray(p + 46, p + 46 + nameLen)).replace(/\\/g, '/').replace(/^\//, '');
    out.set(name.toLowerCase(), { name, method: u16(bytes, p + 10), compressed: u32(bytes, p + 20), uncompressed: u32(bytes, p + 24), offset: u32(bytes, p + 42) });
    p += 46 + nameLen + u16(bytes, p + 30) + u16(bytes, p + 32);
  }
  return out;
}

/** The packed bytes of one entry (a view, not a copy). */
export function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const o = entry.offset;
  if (o + 30 > bytes.length || u32(bytes, o) !== LFH) throw new ZipEntryError(`zip entry ${entry.name} is damaged`);
  const start = o + 30 + u16(bytes, o + 26) + u16(bytes, o + 28);
  const end = start + entry.compressed;
  if (end > bytes.length) throw new ZipEntryError(`zip entry ${entry.name} is truncated`);
  return bytes.subarray(start, end);
}

/** The inflated bytes of one entry, at most `maxBytes` (and never more than it declares). */
export function readEntry(bytes: Uint8Array, entry: ZipEntry, maxBytes: number): Buffer {
  const data = entryData(bytes, entry);
  const limit = Math.min(maxBytes, entry.uncompressed);
  if (entry.method === 0) {
    if (data.length > limit) throw new ZipEntryError(`zip entry ${entry.name} is larger than declared`);
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  }
  if (entry.method !== 8) throw new ZipEntryError(`zip entry ${entry.name} uses an unsupported compression (${entry.method})`);
  try {
    // +1 so that "more than declared" is seen as an error, not silently cut
    const out = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, limit + 1) });
    if (out.length > limit) throw new ZipEntryError(`zip entry ${entry.name} unpacks to more than declared`);
    return out;
  } catch (err) {
    if (err instanceof ZipEntryError) throw err;
    throw new ZipEntryError(`zip entry ${entry.name} cannot be inflated: ${(err as Error).message}`);
  }
}
