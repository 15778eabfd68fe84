/** The app's TypeScript sources, for the tests that scan the code (punctuation, quotes, one formatter). */
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

/** Every .ts / .tsx file under `dir` (absolute), node_modules and dist left out. */
export function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'dist') sourceFiles(p, out);
    } else if (/\.(ts|tsx)$/.test(e.name)) out.push(p);
  }
  return out;
}

/** Each app source (electron/, shared/, renderer/src/) as its path from the root and its text. */
export function appSources(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const dir of ['electron', 'shared', path.join('renderer', 'src')])
    for (const f of sourceFiles(path.join(ROOT, dir))) out.push({ file: path.relative(ROOT, f), text: fs.readFileSync(f, 'utf8') });
  return out;
}
