/**
 * English counts agree with their noun: "{{count}} actions" with count 1 read "1 actions" on the
 * ledger. Every English text that puts a plural noun after {{count}} must be a plural pair
 * (key_one / key_other), as i18next picks by count. i18next only picks by a numeric count: a
 * formatted string ("1,234") or null finds no plural form and shows the key itself, so a plural
 * key is called with the number as `count` and the formatted one as `countText`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { enAll } from '../../renderer/src/i18n';

/** "{{count}} actions", "{{count}} groups billed": a plural English noun right after the count */
const COUNT_PLURAL = /\{\{count\}\} (?!of\b|more\b)[a-z]+s\b/i;

function walk(node: unknown, path: string, out: { key: string; text: string }[]): void {
  if (typeof node === 'string') out.push({ key: path, text: node });
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}.${k}` : k, out);
}

function singularless(texts: readonly { key: string; text: string }[]): string[] {
  const keys = new Set(texts.map((t) => t.key));
  return texts
    .filter((t) => COUNT_PLURAL.test(t.text) && !t.key.endsWith('_other') && !t.key.endsWith('_one'))
    .filter((t) => !keys.has(`${t.key}_one`))
    .map((t) => `${t.key}: ${t.text}`);
}

describe('English plurals', () => {
  it('finds a count before a plural noun without a singular form', () => {
    expect(singularless([{ key: 'rows', text: '{{count}} actions' }])).toEqual(['rows: {{count}} actions']);
    expect(singularless([{ key: 'rows_one', text: '{{count}} action' }, { key: 'rows_other', text: '{{count}} actions' }])).toEqual([]);
  });

  it('every English "{{count}} <plural>" text has a singular form', () => {
    const texts: { key: string; text: string }[] = [];
    walk(enAll, '', texts);
    expect(texts.length).toBeGreaterThan(500);
    expect(singularless(texts)).toEqual([]);
  });

  it('every plural text is asked for with a numeric count', () => {
    const texts: { key: string; text: string }[] = [];
    walk(enAll, '', texts);
    const plural = new Set(texts.filter((t) => t.key.endsWith('_one')).map((t) => t.key.slice(0, -4)));
    expect(plural.size).toBeGreaterThan(10);
    const root = path.resolve(import.meta.dirname, '..', '..', 'renderer', 'src');
    const offenders: string[] = [];
    let calls = 0;
    const visit = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) visit(p);
        else if (/\.tsx?$/.test(e.name)) {
          const src = fs.readFileSync(p, 'utf8');
          for (const m of src.matchAll(/\bt\('([\w.]+)'(, \{[^}]*\})?\)/g)) {
            if (!plural.has(m[1] ?? '')) continue;
            calls++;
            const args = m[2] ?? '';
            const count = /count: ([^,}]+)/.exec(args)?.[1]?.trim() ?? '';
            if (!count || /format|String\(|\?\? null|toLocaleString/.test(count)) offenders.push(`${path.relative(root, p)}: ${m[0]}`);
          }
        }
      }
    };
    visit(root);
    expect(calls).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });
});
