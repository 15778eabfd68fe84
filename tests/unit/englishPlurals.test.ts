/**
 * English counts agree with their noun: "{{count}} actions" with count 1 read "1 actions" on the
 * ledger. Every English text that puts a plural noun after {{count}} must be a plural pair
 * (key_one / key_other), as i18next picks by count.
 */
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
});
