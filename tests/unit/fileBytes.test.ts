/** The import's input bytes own their buffer (the worker is handed it) without a second copy of the file. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownedBytes, readFileBytes } from '../../electron/backend/import/fileBytes';

describe('file bytes for the import', () => {
  it('keeps a buffer that is all its own, and copies a slice of a shared one', () => {
    const whole = new Uint8Array(new ArrayBuffer(64));
    whole[3] = 7;
    const a = ownedBytes(whole);
    expect(a.buffer).toBe(whole.buffer);
    expect(a[3]).toBe(7);
    const pooled = Buffer.from('abc'); // a slice of Node's shared pool
    const b = ownedBytes(pooled);
    expect(b.buffer).not.toBe(pooled.buffer);
    expect(b.byteLength).toBe(3);
    expect(b.buffer.byteLength).toBe(3);
    expect(Array.from(b)).toEqual([97, 98, 99]);
  });

  it('reads a file into one buffer that can be handed to the worker', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-bytes-'));
    try {
      for (const size of [5, 100_000]) {
        const f = path.join(dir, `f${size}`);
        fs.writeFileSync(f, Buffer.alloc(size, 1));
        const bytes = await readFileBytes(f);
        expect(bytes.byteLength).toBe(size);
        expect(bytes.byteOffset).toBe(0);
        expect(bytes.buffer.byteLength).toBe(size);
        // transferable: structuredClone with transfer detaches it without touching anything else
        const moved = structuredClone(bytes.buffer, { transfer: [bytes.buffer as ArrayBuffer] });
        expect(moved.byteLength).toBe(size);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
