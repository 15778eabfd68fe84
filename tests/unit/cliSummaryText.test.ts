/** Issue 13: `holdfast summary` prints in the chosen language with the shared number formatter (no raw 7130902.73 元, no English labels in Chinese). */
import { describe, expect, it } from 'vitest';
import { summaryLanguage, summaryLines } from '../../electron/cli/summaryText';

const figures = { asOf: '2026-10', groups: 12_600, activeGroups: 12_588, latestRevenue: 7_130_902.73, revenueTrend3m: -0.0123, top20Share: 0.6512 };

describe('holdfast summary text', () => {
  it('Chinese: Chinese labels, 万元 with full 元 beside, separators, no raw decimals', () => {
    const text = summaryLines('/ws', figures, 'zh-CN').join('\n');
    expect(text).toContain('713.1万元');
    expect(text).toContain('7,130,903 元');
    expect(text).toContain('12,600');
    expect(text).toContain('12,588');
    expect(text).toContain('\u22121.2%');
    expect(text).toContain('头部20%集团价值占比 65.1%');
    expect(text).toContain('出账收入  713.1万元');
    expect(text).not.toContain('7130902');
    // no Latin words in the Chinese text apart from the path
    expect(text.replace('/ws', '')).not.toMatch(/[A-Za-z]{2,}/);
  });
  it('English: English labels, no CJK or full-width punctuation', () => {
    const text = summaryLines('/ws', figures, 'en').join('\n');
    // the 总览 cards' names (issue 13 walk: it said Latest revenue / Top-20% share)
    expect(text).toContain('Revenue         ¥7.13M');
    expect(text).toContain('Top 20% groups’ value share 65.1%');
    expect(text).toContain('¥7.13M (7,130,903 yuan)');
    expect(text).not.toMatch(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/);
  });
  it('says which month it used, and why when the last month is incomplete (issue 13), in the chosen language', () => {
    expect(summaryLines('/ws', figures, 'zh-CN').join('\n')).toContain('分析月份  2026-10（最近的完整月份）');
    expect(summaryLines('/ws', figures, 'en').join('\n')).toContain('Period used     2026-10 (the last complete month)');
    const asOfNote = { zh: '2026-11 不完整：仅 24 / 588 个集团出账（4%），按 2026-10 分析', en: '2026-11 is incomplete: only 24 of 588 groups billed (4%); analysed at 2026-10' };
    const zh = summaryLines('/ws', { ...figures, asOfNote }, 'zh-CN').join('\n');
    expect(zh).toContain(`2026-10（${asOfNote.zh}）`);
    expect(zh).toContain('本期出账 = 2026-10 出账收入大于 0 的集团');
    const en = summaryLines('/ws', { ...figures, asOfNote }, 'en').join('\n');
    expect(en).toContain(`Period used     2026-10 (${asOfNote.en})`);
    expect(en).not.toMatch(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/);
  });
  it('--lang accepts zh, zh-CN and en', () => {
    expect(summaryLanguage(undefined)).toBe('zh-CN');
    expect(summaryLanguage('zh')).toBe('zh-CN');
    expect(summaryLanguage('en')).toBe('en');
    expect(summaryLanguage('fr')).toBeNull();
  });
});
