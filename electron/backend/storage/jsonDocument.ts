/**
 * A lowdb document whose writes go through writeFileAtomic (lowdb's own
 * JSONFile does not fsync or retry on Windows locks).
 */
import fs from 'node:fs/promises';
import { Low, type Adapter } from 'lowdb';
import { writeFileAtomic } from './atomicWrite';

export class AtomicJsonFile<T> implements Adapter<T> {
  constructor(readonly file: string) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return JSON.parse(text) as T;
  }

  async write(data: T): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify(data, null, 2));
  }
}

export async function openJsonDocument<T>(file: string, defaults: T): Promise<Low<T>> {
  const db = new Low<T>(new AtomicJsonFile<T>(file), defaults);
  await db.read();
  return db;
}
