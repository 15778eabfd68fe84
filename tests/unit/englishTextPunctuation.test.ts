/**
 * No Chinese punctuation in the English UI (issue 13): every `en:` text written in the code —
 * messages of the import, the storage, the review and the analysis — is checked for full-width
 * brackets, colons, commas and stops. Chinese words inside an English text (a header name, 在网)
 * are allowed; the punctuation around them is not.
 */
import { describe, expect, it } from 'vitest';
import { appSources } from './support/sourceFiles';

const CJK_PUNCTUATION = /[「」『』（）【】：，。、；！？]/;
/** `en: '…'`, `en: "…"` or `en: \`…\`` on one line */
const EN_LITERAL = /\ben:\s*(['"`])((?:\\.|(?!\1).)*)\1/g;
/** the English (second) argument of `T('…', '…')` / `w.t('…', '…')` on one line, where most English texts live */
const T_CALL = /\b[Tt]\(\s*(['"`])(?:\\.|(?!\1).)*\1\s*,\s*(['"`])((?:\\.|(?!\2).)*)\2/g;

/** English texts of a source with Chinese punctuation, as "file:line: text". */
function offendersIn(file: string, text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, k) => {
    const literals = [...[...line.matchAll(EN_LITERAL)].map((m) => m[2] ?? ''), ...[...line.matchAll(T_CALL)].map((m) => m[3] ?? '')];
    for (const raw of literals) {
      // ${…} parts are code (a zh/en choice may sit inside them)
      const literal = raw.replace(/\$\{[^}]*\}/g, '');
      if (CJK_PUNCTUATION.test(literal)) found.push(`${file}:${k + 1}: ${literal}`);
    }
  });
  return found;
}

describe('English texts in the code', () => {
  it('finds the punctuation it looks for', () => {
    expect(offendersIn('x.ts', "  en: `${f}「${s}」: a cell`,")).toHaveLength(1);
    expect(offendersIn('x.ts', "  en: 'member status not recognised (expected 在网/离网/携出)',")).toHaveLength(0);
    expect(offendersIn('x.ts', "  en: `${zh ? '，' : ', '}ok`,")).toHaveLength(0);
    expect(offendersIn('x.ts', "  label: T('头部集团（%）', 'Top share（%）'),")).toHaveLength(1);
    expect(offendersIn('x.ts', "  w.t(`截至 ${asOf}，`, `As of ${asOf},`),")).toHaveLength(0);
    expect(offendersIn('x.ts', "  w.t('红区：', 'Red：')")).toHaveLength(1);
  });

  it('the renderer’s English pack carries none either', async () => {
    const { enAll } = await import('../../renderer/src/i18n');
    const found: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (typeof node === 'string') {
        if (CJK_PUNCTUATION.test(node)) found.push(`${at}: ${node}`);
      } else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, at ? `${at}.${k}` : k);
    };
    walk(enAll, '');
    expect(found).toEqual([]);
  });

  it('carry no Chinese punctuation in electron/, shared/ and renderer/src/', () => {
    const found: string[] = [];
    for (const { file, text } of appSources()) for (const o of offendersIn(file, text)) found.push(o);
    expect(found).toEqual([]);
  });
});
