/**
 * The one way chart tooltips build HTML. ECharts puts a formatter's string into
 * the page as markup, and group, scenario and measure names come from imported
 * files or the user: every interpolated value is escaped unless it is itself
 * built with `html`.
 */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** A tagged template: html`<b>${name}</b>` escapes `name`; a SafeHtml value is kept as markup. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out += (v instanceof SafeHtml ? v.value : escapeHtml(v)) + (strings[i + 1] ?? '');
  }
  return new SafeHtml(out);
}

/** Tooltip lines joined by <br/>; plain strings are escaped, empty ones dropped. */
export function tooltipLines(lines: readonly (SafeHtml | string | null | undefined | false)[]): string {
  const out: string[] = [];
  for (const l of lines) {
    if (l === null || l === undefined || l === false || l === '') continue;
    out.push(l instanceof SafeHtml ? l.value : escapeHtml(l));
  }
  return out.join('<br/>');
}
