/**
 * Chart tooltips are HTML: a group named `<img src=x onerror=alert(1)>` must
 * show as text. The helper escapes every value, and no chart builds tooltip
 * markup without it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, tooltipLines } from '../../renderer/src/charts/html';

const HOSTILE = '<img src=x onerror=alert(1)>';

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) for (const x of files(p)) out.push(x);
    else if (/\.(tsx?|ts)$/.test(e.name)) out.push(p);
  }
  return out;
}

describe('tooltip HTML', () => {
  it('escapes names in markup and in plain lines', () => {
    const markup = tooltipLines([html`<b>${HOSTILE}</b> <span style="color:#888">${'0571"><script>'}</span>`, `成员数: ${HOSTILE}`, null, '']);
    expect(markup).not.toContain('<img');
    expect(markup).not.toContain('<script');
    expect(markup).toContain('<b>&#60;img src=x onerror=alert(1)&#62;</b>');
    expect(markup.split('<br/>')).toHaveLength(2);
    expect(escapeHtml(`a&b'"\``)).toBe('a&#38;b&#39;&#34;&#96;');
    // Markup built with html stays markup when nested.
    expect(html`<p>${html`<b>${'x<'}</b>`}</p>`.value).toBe('<p><b>x&#60;</b></p>');
  });

  it('every chart formatter builds its markup through html`` (no raw <b>, <span>, <br/> in template strings)', () => {
    const root = path.resolve(import.meta.dirname, '..', '..', 'renderer', 'src');
    const offenders: string[] = [];
    for (const f of files(root)) {
      if (f.endsWith(path.join('charts', 'html.ts'))) continue;
      const text = fs.readFileSync(f, 'utf8');
      // A template literal that opens with markup and interpolates, not tagged with html.
      const re = /(\bhtml)?`[^`]*<(b|span|br|div|strong|i|p)\b[^`]*\$\{[^`]*`/g;
      for (const m of text.matchAll(re)) if (!m[1]) offenders.push(`${path.relative(root, f)}: ${m[0].slice(0, 80)}`);
      if (/\.join\(['"]<br\s*\/?>['"]\)/.test(text)) offenders.push(`${path.relative(root, f)}: joins lines with <br/> by hand`);
    }
    expect(offenders).toEqual([]);
  });
});
