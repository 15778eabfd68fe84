/**
 * A file's bytes as the import takes them: a Uint8Array that owns its whole ArrayBuffer (the
 * import worker is handed the buffer, not a copy). fs.readFile already gives such a buffer for a
 * regular file; copying it anyway kept a second 50 MB for the whole of a 1M-row import.
 */
import fs from 'node:fs/promises';

export function ownedBytes(buf: Uint8Array): Uint8Array {
  const whole = buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength && buf.buffer instanceof ArrayBuffer;
  return whole ? new Uint8Array(buf.buffer, 0, buf.byteLength) : new Uint8Array(buf);
}

export async function readFileBytes(file: string): Promise<Uint8Array> {
  return ownedBytes(await fs.readFile(file));
}
