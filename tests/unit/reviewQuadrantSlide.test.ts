/**
 * Review slide 3 (value × risk) shows the 价值象限 page's picture: the same x (current value, log when every value is
 * > 0) and y (warning score 0–100), points per zone, split lines, zone cut-offs and the four cells' counts and value
 * shares — checked against the page's own backend answer (quadrant.view) for the quarter's month, and in every
 * renderer: the ECharts option of the preview / print view and the .pptx (chart part and slide shapes).
 */
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, DEFAULT_SETTINGS, type PortfolioIndex } from '../../shared/analytics';
import type { QuadrantView } from '../../shared/api/quadrantContract';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import type { AnalysisContext } from '../../electron/backend/analysisContext';
import { quadrantHandlers } from '../../electron/backend/quadrantHandlers';
import { collectReviewInputs, reviewQuarters } from '../../shared/review/collectInputs';
import { readScenarioSources } from '../../shared/review/scenarioInputs';
import { axisFraction, reviewPptx } from '../../electron/backend/review/reviewPptx';
import { assembleDeck } from '../../shared/review/deck';
import { buildSlides, quadrantXAxis, quadrantXTicks } from '../../shared/review/buildSlides';
import { formatCount, formatPercent } from '../../shared/review/format';
import type { ReviewInputs } from '../../shared/review/inputs';
import type { ReviewDeck, ReviewVisual } from '../../shared/review/types';
import { visualOption } from '../../renderer/src/pages/review/visualOption';
import { compactNumber } from '../../renderer/src/pages/quadrant/quadrantModel';

type Scatter = Extract<ReviewVisual, { kind: 'scatter' }>;

let ix: PortfolioIndex;
let inputs: ReviewInputs;
let page: QuadrantView;
const decks: Record<'zh-CN' | 'en', ReviewDeck> = {} as Record<'zh-CN' | 'en', ReviewDeck>;

const quadrantOf = (d: ReviewDeck): Scatter => {
  const v = d.slides.find((s) => s.id === 'value-quadrant')?.visual;
  if (!v || v.kind !== 'scatter') throw new Error('slide 3 has no scatter');
  return v;
};

const ZONE_NAMES: Record<string, { zh: string; en: string }> = { red: { zh: '红', en: 'Red' }, yellow: { zh: '黄', en: 'Yellow' }, blue: { zh: '蓝', en: 'Blue' }, green: { zh: '绿', en: 'Green' }, white: { zh: '白', en: 'White' } };

beforeAll(async () => {
  ix = buildIndex(generateDemoBranch().portfolio);
  const quarter = reviewQuarters(ix).at(-1) as string;
  inputs = collectReviewInputs(ix, DEFAULT_SETTINGS, { quarter, branchName: '滨江区分公司', actions: [], scenarios: readScenarioSources(undefined, undefined), now: new Date('2026-11-20T08:00:00Z') });
  decks['zh-CN'] = assembleDeck(inputs, 'zh-CN', undefined);
  decks.en = assembleDeck(inputs, 'en', undefined);
  const ctx: AnalysisContext = {
    workspace: () => {
      throw new Error('not used');
    },
    settings: () => DEFAULT_SETTINGS,
    index: () => ix,
    analysis: () => {
      throw new Error('not used');
    },
    cacheKey: () => 'k',
    dataKey: () => 'k',
    portfolio: () => {
      throw new Error('not used');
    },
    userError: (e) => new Error(e.message.en),
  };
  page = await quadrantHandlers(ctx)['quadrant.view']({ framework: 'valueRisk', asOf: inputs.overview.asOf as string });
}, 60_000);

describe('slide 3 against the 价值象限 page (same month)', () => {
  it('is of the month the page shows for that quarter', () => {
    expect(page.asOf).toBe(inputs.overview.asOf);
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`x = current value on the page's scale, y = the score's 0–100 (${lang})`, () => {
      const v = quadrantOf(decks[lang]);
      let min = Infinity;
      let max = -Infinity;
      for (const x of page.points.value) {
        if (x < min) min = x;
        if (x > max) max = x;
      }
      // the page's default scale is log; it is log here exactly when every placed value is > 0
      expect(v.xLog).toBe(min > 0);
      expect(v.xRange?.min).toBeLessThanOrEqual(min);
      expect(v.xRange?.max).toBeGreaterThanOrEqual(max);
      if (v.xLog) for (const b of [v.xRange?.min ?? NaN, v.xRange?.max ?? NaN]) expect(Math.log10(b)).toBeCloseTo(Math.round(Math.log10(b)), 9);
      let maxScore = 0;
      for (const s of page.points.score) if (s > maxScore) maxScore = s;
      expect(v.yRange?.min).toBe(0);
      expect(v.yRange?.max).toBe(Math.max(100, Math.ceil(maxScore / 10) * 10));
      // the axis names: the page's labels, a log-scale word only when the scale is log
      expect(v.xLabel.startsWith(lang === 'en' ? page.x.label.en : page.x.label.zh)).toBe(true);
      expect(v.yLabel.startsWith(lang === 'en' ? page.y.label.en : page.y.label.zh)).toBe(true);
      expect(/对数|\blog\b/.test(v.xLabel)).toBe(v.xLog === true);
    });

    it(`points per warning zone, in the zone colours, as the page colours them (${lang})`, () => {
      const v = quadrantOf(decks[lang]);
      const perZone = new Map<string, number[][]>();
      for (let i = 0; i < page.points.codes.length; i++) {
        const z = page.zones[page.points.zone[i] as number] as string;
        const list = perZone.get(z) ?? [];
        list.push([Math.round((page.points.value[i] as number) * 100) / 100, page.points.score[i] as number]);
        perZone.set(z, list);
      }
      let total = 0;
      for (const [z, pts] of perZone) {
        const name = lang === 'en' ? ZONE_NAMES[z]?.en : ZONE_NAMES[z]?.zh;
        const series = v.series.find((s) => s.name.startsWith(name ?? '?'));
        expect(series, `series of zone ${z}`).toBeDefined();
        expect(series?.name).toContain(formatCount(pts.length));
        const sort = (a: number[][]) => a.map((p) => `${p[0]}|${p[1]}`).sort();
        expect(sort(series?.points ?? [])).toEqual(sort(pts));
        total += pts.length;
      }
      expect(v.series.length).toBe(perZone.size);
      expect(total).toBe(page.placed);
      // zone colours from the UI guide
      const colour: Record<string, string> = { red: '#d4380d', yellow: '#d48806', blue: '#1d39c4', green: '#389e0d' };
      for (const [z, c] of Object.entries(colour)) {
        const name = lang === 'en' ? ZONE_NAMES[z]?.en : ZONE_NAMES[z]?.zh;
        const series = v.series.find((s) => s.name.startsWith(name ?? '?'));
        if (perZone.has(z)) expect(series?.color).toBe(c);
      }
    });

    it(`split lines at the page's thresholds, the zone cut-offs of the settings, the four cells in the corners (${lang})`, () => {
      const v = quadrantOf(decks[lang]);
      expect(v.split?.x).toBeCloseTo(page.x.value as number, 6);
      expect(v.split?.y).toBeCloseTo(page.y.value as number, 6);
      expect(v.split?.xLabel).toContain(formatCount(Math.round(page.x.value as number)));
      const z = DEFAULT_SETTINGS.warnings.zones;
      expect(v.yMarks?.map((m) => m.value)).toEqual([z.red, z.yellow, z.blue]);
      expect(v.corners?.map((c) => c.position).sort()).toEqual(page.cells.map((c) => c.position).sort());
      for (const cell of page.cells) {
        const corner = v.corners?.find((c) => c.position === cell.position);
        expect(corner?.text.startsWith(lang === 'en' ? cell.name.en : cell.name.zh)).toBe(true);
        expect(corner?.text).toContain(lang === 'en' ? `${formatCount(cell.count)} groups` : `${formatCount(cell.count)} 家`);
        if (cell.valueShare !== null) expect(corner?.text).toContain(formatPercent(cell.valueShare));
      }
      if (lang === 'en') {
        const all = [v.title, v.xLabel, v.yLabel, v.split?.xLabel, v.split?.yLabel, ...(v.yMarks ?? []).map((m) => m.label), ...(v.corners ?? []).map((c) => c.text), ...v.series.map((s) => s.name)].join(' ');
        expect(all).not.toMatch(/[\u3000-\u303f\uff00-\uffef\u4e00-\u9fff]/);
      }
    });
  }

  it('a value of 0 (no log possible) gives a linear axis and no log word', () => {
    const zp = { ...inputs.quadrant.zonePoints, green: [...(inputs.quadrant.zonePoints.green ?? []), [0, 5] as [number, number]] };
    expect(quadrantXAxis({ zonePoints: zp }).log).toBe(false);
    const slides = buildSlides({ ...inputs, quadrant: { ...inputs.quadrant, zonePoints: zp } }, 'zh-CN');
    const v = slides.find((s) => s.id === 'value-quadrant')?.visual as Scatter;
    expect(v.xLog).toBe(false);
    expect(v.xLabel).not.toMatch(/对数/);
  });
});

type LineItem = { coord?: number[]; label?: { formatter?: string; show?: boolean; position?: string } };

describe('the renderers honour the axes, lines and corners', () => {
  it('the preview / print option: log x, fixed ranges, labelled split and cut-off lines, corner cells', () => {
    const v = quadrantOf(decks['zh-CN']);
    const o = visualOption(v, 'print', 700, false) as {
      xAxis: { type: string; min: number; max: number };
      yAxis: { type: string; min: number; max: number };
      series: { z?: number; markLine?: { data: (LineItem | LineItem[])[] }; markArea?: { z?: number; data: { label?: { formatter: string } }[][] } }[];
    };
    expect(o.xAxis.type).toBe('log');
    // the preview writes the value axis's ticks as the 价值象限 page does
    const fmt = (o.xAxis as unknown as { axisLabel: { formatter: (x: number) => string } }).axisLabel.formatter;
    expect([100, 1000, 10000, 100000, 1000000].map(fmt)).toEqual(['100', '1,000', '1万', '10万', '100万']);
    expect([o.xAxis.min, o.xAxis.max]).toEqual([v.xRange?.min, v.xRange?.max]);
    expect([o.yAxis.min, o.yAxis.max]).toEqual([v.yRange?.min, v.yRange?.max]);
    // a line is one item or a segment (a pair of points, the first one labelled)
    const lines = (o.series[0]?.markLine?.data ?? []).map((d) => (Array.isArray(d) ? d[0] : d)).filter((d) => d?.label?.show !== false).map((d) => d?.label?.formatter);
    expect(lines).toEqual(expect.arrayContaining([v.split?.xLabel, v.split?.yLabel, ...(v.yMarks ?? []).map((m) => m.label)]));
    // the corner cells ride on a last series drawn above the points (a point never covers a cell's name)
    const top = o.series[o.series.length - 1];
    expect(top?.z).toBeGreaterThan(2);
    // ECharts draws a marker at its own z (markArea's default 1), not its series': it must sit above the scatter's 2
    expect(top?.markArea?.z).toBeGreaterThan(2);
    const corners = (top?.markArea?.data ?? []).map((d) => d[0]?.label?.formatter);
    expect(corners.sort()).toEqual((v.corners ?? []).map((c) => c.text).sort());
    // the score split's label starts at the value split, away from the high-value corners' names
    const ySplit = (o.series[0]?.markLine?.data ?? []).find((d) => Array.isArray(d) && d[0]?.label?.formatter === v.split?.yLabel) as LineItem[] | undefined;
    expect(ySplit?.[0]?.coord).toEqual([v.split?.x, v.split?.y]);
    expect(ySplit?.[0]?.label?.position).toBe('insideStartTop');
    // a thumbnail keeps the shapes only
    const thumb = visualOption(v, 'app', 200, false, true) as { series: { markArea?: unknown; markLine?: { data: ({ label: { show: boolean } } | { label: { show: boolean } }[])[] } }[] };
    for (const x of thumb.series) expect(x.markArea).toBeUndefined();
    for (const d of thumb.series[0]?.markLine?.data ?? []) for (const e of Array.isArray(d) ? d : [d]) expect(e.label.show).toBe(false);
  });

  it('quadrantXTicks: powers of ten on a log axis, round steps on a linear one, in the app\'s format', () => {
    expect(quadrantXTicks({ min: 10, max: 100000 }, true, 'zh-CN').map((t) => t.label)).toEqual(['10', '100', '1,000', '1万', '10万']);
    expect(quadrantXTicks({ min: 0, max: 52000 }, false, 'zh-CN').map((t) => t.label)).toEqual(['0', '2万', '4万']);
    expect(quadrantXTicks({ min: 0, max: 52000 }, false, 'en').map((t) => t.label)).toEqual(['0', '20k', '40k']);
  });

  it('axisFraction places values on a log or linear axis', () => {
    expect(axisFraction(1000, { min: 10, max: 100000 }, true)).toBeCloseTo(0.5, 9);
    expect(axisFraction(25, { min: 0, max: 100 }, false)).toBeCloseTo(0.25, 9);
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`the .pptx: a log x axis and fixed ranges in the chart, split/cut-off labels and cell names on slide 3 (${lang})`, async () => {
      const deck = decks[lang];
      const v = quadrantOf(deck);
      const zip = await JSZip.loadAsync(await reviewPptx(deck));
      const charts = Object.keys(zip.files).filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n));
      let scatter = '';
      for (const n of charts) {
        const xml = await (zip.file(n) as JSZip.JSZipObject).async('string');
        if (xml.includes('<c:scatterChart>')) scatter = xml;
      }
      expect(scatter).not.toBe('');
      const axes = scatter.match(/<c:valAx>[\s\S]*?<\/c:valAx>/g) ?? [];
      expect(axes.length).toBe(2);
      const [xAxis, yAxis] = axes as [string, string];
      expect(xAxis).toContain('<c:logBase val="10"/>');
      expect(xAxis).toContain(`<c:min val="${v.xRange?.min}"/>`);
      expect(xAxis).toContain(`<c:max val="${v.xRange?.max}"/>`);
      expect(yAxis).not.toContain('logBase');
      expect(yAxis).toContain(`<c:min val="${v.yRange?.min}"/>`);
      expect(yAxis).toContain(`<c:max val="${v.yRange?.max}"/>`);
      // every placed group is a point
      const xs = /<c:xVal>[\s\S]*?<c:ptCount val="(\d+)"/.exec(scatter);
      expect(Number(xs?.[1])).toBe(page.placed);
      // the slide's own text: split and cut-off labels, the cells' names with counts and shares
      const idx = deck.slides.filter((s) => !s.hidden).findIndex((s) => s.id === 'value-quadrant');
      const slideXml = await (zip.file(`ppt/slides/slide${idx + 1}.xml`) as JSZip.JSZipObject).async('string');
      const text = (slideXml.match(/<a:t>[^<]*<\/a:t>/g) ?? []).map((t) => t.slice(5, -6).replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>')).join('\n');
      for (const label of [v.split?.xLabel, v.split?.yLabel, ...(v.yMarks ?? []).map((m) => m.label)]) expect(text).toContain(label);
      // the value axis's ticks as the app writes them (1万 / 10万; 10k / 100k), drawn on the slide; the chart's own
      // labels (10,000 / 100,000 from a number format) are off
      const ticks = (v.xTicks ?? []).map((t) => t.label);
      expect(ticks).toEqual((v.xTicks ?? []).map((t) => compactNumber(t.value, lang === 'en')));
      expect(ticks).toEqual(lang === 'en' ? ['100', '1k', '10k', '100k', '1M'] : ['100', '1,000', '1万', '10万', '100万']);
      const lines = text.split('\n');
      for (const t of ticks) expect(lines).toContain(t);
      expect(xAxis).toContain('<c:tickLblPos val="none"/>');
      expect(yAxis).toContain('<c:tickLblPos val="nextTo"/>');
      for (const c of v.corners ?? []) for (const line of c.text.split('\n')) expect(text).toContain(line);
    });
  }
});
