/**
 * A period selector's option label: "2026-11（不完整）" / "2026-11 (incomplete)", "2026-10（最新）" /
 * "2026-10 (latest)"; the default month is "最近完整" / "last complete" when a later, incomplete month exists.
 */
import type { TFunction } from 'i18next';
import type { Language } from '../../../shared/api/contract';
import { parenText } from '../format';

export function periodOptionLabel(period: string, flags: { latest?: boolean; incomplete?: boolean; laterIncomplete?: boolean }, t: TFunction, language: Language): string {
  const tags: string[] = [];
  if (flags.latest) tags.push(t(flags.laterIncomplete ? 'app.latestComplete' : 'app.latest'));
  if (flags.incomplete) tags.push(t('app.incomplete'));
  if (tags.length === 0) return period;
  return `${period}${parenText(tags.join(language === 'en' ? ', ' : '，'), language)}`;
}

/**
 * The options of a period selector, newest first as given: the incomplete months are read once (a set and the
 * latest of them), not once per option.
 */
export function periodOptions(
  periods: readonly string[],
  marks: { latest: string | null | undefined; incomplete: Iterable<string> },
  t: TFunction,
  language: Language,
): { value: string; label: string; title: string }[] {
  const incomplete = new Set<string>();
  let lastIncomplete = '';
  for (const p of marks.incomplete) {
    incomplete.add(p);
    if (p > lastIncomplete) lastIncomplete = p;
  }
  return periods.map((p) => ({
    value: p,
    label: periodOptionLabel(p, { latest: p === marks.latest, incomplete: incomplete.has(p), laterIncomplete: lastIncomplete > p }, t, language),
    title: p,
  }));
}
