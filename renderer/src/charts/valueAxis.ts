/**
 * The value axis of a value × score chart, named and ticked one way wherever it is drawn (总览's scatter,
 * 价值象限, scenario step 3): “当前价值（元/月，对数）” / “Current value (yuan/month, log)”, ticks 1,000 / 1万 / 10万.
 * 总览 wrote “当前价值（对数刻度）” with 10,000 / 100,000 beside 价值象限's 1万 / 10万 (issue 13 walk).
 */
import type { Language } from '../../../shared/api/contract';
import type { LocalText } from '../../../shared/model/trace';
import { formatCompact } from '../../../shared/review/format';

export function valueAxisName(label: LocalText, unit: LocalText, log: boolean, language: Language, logWord: string): string {
  return language === 'en' ? `${label.en} (${unit.en}${log ? `, ${logWord}` : ''})` : `${label.zh}（${unit.zh}${log ? `，${logWord}` : ''}）`;
}

export function valueAxisTick(v: number, language: Language): string {
  return formatCompact(v, language === 'en' ? 'en' : 'zh-CN');
}
