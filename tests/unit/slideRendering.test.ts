/**
 * The review UI's pure parts: numbers in findings found for their traces,
 * change arrows, the presenter timer, the PDF name, and the chart options in
 * the three looks (editor, presenter, print) and for thumbnails.
 */
import { describe, expect, it } from 'vitest';
import type { ReviewFigure, ReviewVisual } from '../../shared/review/types';
import { changeArrow, elapsedText, pdfFileName, splitByFigures } from '../../renderer/src/pages/review/slideText';
import { isChartVisual, visualOption } from '../../renderer/src/pages/review/visualOption';

const trace = { rule: { zh: '规则', en: 'rule' }, inputs: [], settings: [] };
const fig = (display: string, value: number): ReviewFigure => ({ label: display, value, display, format: 'count', trace });

describe('splitByFigures', () => {
  it('marks each figure once, in order, and keeps every character of the text', () => {
    const text = '集团统付收入环比下降 4.2%，主要来自 12 家红色预警集团（12.5 万元）';
    const figures = [fig('4.2%', -0.042), fig('12', 12), fig('12.5 万元', 125_000)];
    const segs = splitByFigures(text, figures);
    expect(segs.map((s) => s.text).join('')).toBe(text);
    const marked = segs.filter((s) => 'figure' in s);
    expect(marked.map((s) => s.text)).toEqual(['4.2%', '12', '12.5 万元']);
    // "12" is the count, not the start of "12.5"
    expect(text.indexOf('12')).toBe(segs.slice(0, segs.indexOf(marked[1] as (typeof segs)[number])).reduce((n, s) => n + s.text.length, 0));
  });

  it('leaves text the manager rewrote without the number plain', () => {
    const segs = splitByFigures('收入基本持平', [fig('4.2%', -0.042)]);
    expect(segs).toEqual([{ text: '收入基本持平' }]);
  });

  it('marks a count, not the same digits inside a date or a longer number', () => {
    // a manager scope of 10 snapshot groups: the "10" of "2025-10" came first and was marked
    const a = splitByFigures('与 2025-10 拍照时在网的 10 家集团中，9 家仍出账', [fig('10', 10), fig('9', 9)]);
    expect(a.map((s) => s.text).join('')).toBe('与 2025-10 拍照时在网的 10 家集团中，9 家仍出账');
    const marked = a.filter((s) => 'figure' in s);
    expect(marked.map((s) => s.text)).toEqual(['10', '9']);
    expect(a[0]?.text).toBe('与 2025-10 拍照时在网的 ');
    // the wave 2026-09 before an answer count of 20; 1,205 is not a 205
    const b = splitByFigures('2026-09 调查共 20 份回答，1,205 元，205 元', [fig('20', 20), fig('205 元', 205)]);
    expect(b.filter((s) => 'figure' in s).map((s) => s.text)).toEqual(['20', '205 元']);
    expect(b[0]?.text).toBe('2026-09 调查共 ');
    // a figure at the very start or end still counts
    expect(splitByFigures('20', [fig('20', 20)])).toEqual([{ text: '20', figure: fig('20', 20) }]);
  });

  it('skips a figure that appears only before an earlier one (order is the engine’s)', () => {
    const segs = splitByFigures('12 家，下降 4.2%', [fig('4.2%', -0.042), fig('12', 12)]);
    expect(segs.filter((s) => 'figure' in s).map((s) => s.text)).toEqual(['4.2%']);
  });
});

describe('changeArrow', () => {
  it('points by the written sign and stays silent for a change that rounds to zero', () => {
    expect(changeArrow('+4.2%')).toBe('▲');
    expect(changeArrow('−5.7%')).toBe('▼');
    expect(changeArrow('-0.2个百分点')).toBe('▼');
    expect(changeArrow('0.0个百分点')).toBe('');
    expect(changeArrow('+0.0%')).toBe('');
    expect(changeArrow('—')).toBe('');
  });
});

describe('elapsedText', () => {
  it('shows mm:ss, then h:mm:ss', () => {
    expect(elapsedText(0)).toBe('00:00');
    expect(elapsedText(61_999)).toBe('01:01');
    expect(elapsedText(3_600_000 + 5_000)).toBe('1:00:05');
    expect(elapsedText(-10)).toBe('00:00');
  });
});

describe('pdfFileName', () => {
  it('follows the PowerPoint name pattern', () => {
    expect(pdfFileName({ branchName: '滨江区分公司', quarter: '2026Q3', language: 'zh-CN' })).toBe('滨江区分公司-2026Q3-季度回顾.pdf');
    expect(pdfFileName({ branchName: 'Binjiang', quarter: '2024Q4', language: 'en' })).toBe('Binjiang-2024Q4-quarterly-review.pdf');
  });
});

describe('visualOption', () => {
  const bar: ReviewVisual = {
    kind: 'stackedBar',
    title: '月度出账收入',
    categories: ['2026-07', '2026-08', '2026-09'],
    series: [
      { name: '统付', values: [1, 2, 3], color: '#0b3a6e' },
      { name: '个付', values: [4, null, 6] },
    ],
    unit: '万元',
    trace,
  };
  const heat: ReviewVisual = { kind: 'heatmap', title: 'm', rows: ['a', 'b'], cols: ['a', 'b'], values: [[10, 0], [1, 5]], unit: '家', xLabel: 'x', yLabel: 'y', trace };

  it('tells charts from cards and tables', () => {
    expect(isChartVisual(bar)).toBe(true);
    expect(isChartVisual({ kind: 'kpis', items: [] })).toBe(false);
    expect(isChartVisual(null)).toBe(false);
  });

  it('stacks the bars with the series colours and values, nulls kept as gaps', () => {
    if (!isChartVisual(bar)) throw new Error('chart expected');
    const o = visualOption(bar, 'app', 900, false) as { series: { type: string; stack?: string; data: (number | null)[]; itemStyle: { color: string } }[] };
    expect(o.series.map((x) => x.type)).toEqual(['bar', 'bar']);
    expect(o.series.every((x) => x.stack === 'total')).toBe(true);
    expect(o.series[1]?.data).toEqual([4, null, 6]);
    expect(o.series[0]?.itemStyle.color).toBe('#0b3a6e');
  });

  it('presenter: bigger type than the editor, no gridlines, animation only when asked; print: no tooltip', () => {
    if (!isChartVisual(bar)) throw new Error('chart expected');
    type O = { animation: boolean; textStyle: { fontSize: number }; yAxis: { splitLine: { show: boolean } }; tooltip: { show?: boolean } };
    const app = visualOption(bar, 'app', 1000, false) as O;
    const first = visualOption(bar, 'presenter', 1000, true) as O;
    const later = visualOption(bar, 'presenter', 1000, false) as O;
    const print = visualOption(bar, 'print', 1000, false) as O;
    expect(first.textStyle.fontSize).toBeGreaterThan(app.textStyle.fontSize);
    expect(app.yAxis.splitLine.show).toBe(true);
    expect(first.yAxis.splitLine.show).toBe(false);
    expect(first.animation).toBe(true);
    expect(later.animation).toBe(false);
    expect(print.tooltip.show).toBe(false);
    // type grows with the slide: a projector-wide slide gets larger labels
    expect((visualOption(bar, 'presenter', 1900, false) as O).textStyle.fontSize).toBeGreaterThan(first.textStyle.fontSize);
  });

  it('heatmap cells: every value present, white text on the dark half', () => {
    if (!isChartVisual(heat)) throw new Error('chart expected');
    const o = visualOption(heat, 'print', 900, false) as { series: { data: { value: [number, number, number]; label: { color: string } }[] }[] };
    const data = o.series[0]?.data ?? [];
    expect(data.map((d) => d.value)).toEqual([
      [0, 0, 10],
      [1, 0, 0],
      [0, 1, 1],
      [1, 1, 5],
    ]);
    expect(data[0]?.label.color).toBe('#ffffff');
    expect(data[1]?.label.color).not.toBe('#ffffff');
  });

  it('thumbnails draw shapes only: no legend, axis labels or tooltips', () => {
    if (!isChartVisual(bar)) throw new Error('chart expected');
    const o = visualOption(bar, 'app', 180, false, true) as { legend: { show: boolean }; tooltip: { show: boolean }; xAxis: { axisLabel: { show: boolean } }; animation: boolean };
    expect(o.legend.show).toBe(false);
    expect(o.tooltip.show).toBe(false);
    expect(o.xAxis.axisLabel.show).toBe(false);
    expect(o.animation).toBe(false);
  });
});
