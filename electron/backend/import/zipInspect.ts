/**
 * Reads a zip's central directory (no decompression) to refuse zip bombs and
 * broken archives before SheetJS inflates anything.
 */
export interface ZipSummary {
  entries: number;
  compressed: number;
  uncompressed: number;
}

export class ZipProblem extends Error {
  constructor(
    readonly kind: 'truncated' | 'too-large' | 'ratio' | 'zip64',
    message: string,
  ) {
    super(message);
  }
}

const EOCD = 0x06054b50;
const CDH = 0x02014b50;

function u16(b: Uint8Array, o: number): number {
  return (b[o] ?? 0) | ((b[o + 1] ?? 0) << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (u16(b, o) | (u16(b, o + 2) << 16)) >>> 0;
}

export function inspectZip(bytes: Uint8Array): ZipSummary {
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
  let p = cdOffset;
  let compressed = 0;
  let uncompressed = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== CDH) throw new ZipProblem('truncated', 'zip directory is damaged');
    const c = u32(bytes, p + 20);
    const u = u32(bytes, p + 24);
    if (c === 0xffffffff || u === 0xffffffff) throw new ZipProblem('zip64', 'zip64 entries are not supported');
    compressed += c;
    uncompressed += u;
    p += 46 + u16(bytes, p + 28) + u16(bytes, p + 30) + u16(bytes, p + 32);
  }
  return { entries: count, compressed, uncompressed };
}

export interface ZipLimits {
  /** total uncompressed bytes */
  maxUncompressed: number;
  /** uncompressed / compressed, checked once the archive is bigger than ratioFloor */
  maxRatio: number;
  ratioFloor: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxUncompressed: 1024 * 1024 * 1024, maxRatio: 200, ratioFloor: 64 * 1024 * 1024 };

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
