/**
 * The review deck as a 16:9 PowerPoint file (pptxgenjs): native charts for
 * bar / stacked bar / line / pie / scatter, native tables (the migration heat
 * map as a table with shaded cells), KPI cards as shapes with text; titles,
 * findings and presenter notes stay editable text. Hidden slides are skipped.
 *
 * Fonts: Microsoft YaHei (Windows PowerPoint and WPS have it); PowerPoint on
 * macOS and LibreOffice substitute their CJK sans (PingFang / Noto Sans CJK).
 */
import JSZip from 'jszip';
import PptxGenJS from 'pptxgenjs';
import { visibleSlides } from '../../../shared/review/deck';
import { formatCount, formatDecimal, formatPercent, formatYuan, NUMBER_FORMAT_CODES, quarterLabel } from '../../../shared/review/format';
import type { KpiItem, ReviewDeck, ReviewSlide, ReviewVisual, TableColumn } from '../../../shared/review/types';

export const PPTX_FONT = 'Microsoft YaHei';
const W = 13.333;
const H = 7.5;
const INK = '1F1F1F';
const MUTED = '595959';
const ACCENT = '1D39C4';
const PALETTE = ['1D39C4', 'FA8C16', '389E0D', 'CF1322', '722ED1', '13C2C2', '8C8C8C'];
const POSITIVE = '389E0D';
const NEGATIVE = 'CF1322';

type Slide = PptxGenJS.Slide;
type Box = { x: number; y: number; w: number; h: number };

const hex = (c: string | undefined, i: number): string => (c ? c.replace('#', '').toUpperCase() : (PALETTE[i % PALETTE.length] as string));

function cellText(v: string | number | null, format: TableColumn['format']): string {
  if (v === null) return '—';
  if (typeof v === 'string') return v;
  switch (format) {
    case 'pct':
      return formatPercent(v);
    case 'yuan':
      return formatYuan(v);
    case 'int':
      return formatCount(v);
    case 'decimal':
      return formatDecimal(v, 2);
    case 'text':
      return String(v);
  }
}

function kpiCards(s: Slide, items: KpiItem[], box: Box): void {
  const cols = items.length > 4 ? 3 : 2;
  const rows = Math.ceil(items.length / cols);
  const gap = 0.18;
  const cw = (box.w - gap * (cols - 1)) / cols;
  const ch = Math.min(1.75, (box.h - gap * (rows - 1)) / rows);
  items.forEach((item, i) => {
    const x = box.x + (i % cols) * (cw + gap);
    const y = box.y + Math.floor(i / cols) * (ch + gap);
    s.addShape('roundRect', { x, y, w: cw, h: ch, fill: { color: 'F5F7FF' }, line: { color: 'D6DCF5', width: 0.75 }, rectRadius: 0.08 });
    s.addText(item.label, { x: x + 0.12, y: y + 0.08, w: cw - 0.24, h: 0.36, fontFace: PPTX_FONT, fontSize: 12, color: MUTED });
    s.addText(item.display, { x: x + 0.12, y: y + 0.42, w: cw - 0.24, h: 0.6, fontFace: PPTX_FONT, fontSize: 24, bold: true, color: INK, fit: 'shrink' });
    if (item.changes.length > 0) {
      const tone = (change: number | null): string => {
        if (change === null || Math.abs(change) < 5e-4 || item.better === 'none') return MUTED;
        return change > 0 === (item.better === 'up') ? POSITIVE : NEGATIVE;
      };
      // one line per comparison: "环比 −5.7%" / "同比 −0.2个百分点" never wrap into each other
      s.addText(
        item.changes.map((c) => ({ text: `${c.label}  ${c.display}`, options: { color: tone(c.change), breakLine: true } })),
        { x: x + 0.12, y: y + ch - 0.62, w: cw - 0.24, h: 0.56, fontFace: PPTX_FONT, fontSize: 11, valign: 'bottom', paraSpaceAfter: 0 },
      );
    }
  });
}

/** The heat map's caption above the table: its title and both axes; half-width brackets in English (issue 13). */
export function heatmapCaption(v: { title: string; xLabel: string; yLabel: string }, language: ReviewDeck['language']): string {
  return language === 'en' ? `${v.title} (${v.yLabel} ↓  ${v.xLabel} →)` : `${v.title}（${v.yLabel} ↓  ${v.xLabel} →）`;
}

/** A chart's title with its unit (none on a pie); half-width brackets in English. */
export function chartTitle(v: { kind: string; title: string; unit?: string | null }, language: ReviewDeck['language']): string {
  if (!v.unit || v.kind === 'pie') return v.title;
  return language === 'en' ? `${v.title} (${v.unit})` : `${v.title}（${v.unit}）`;
}

function heatColor(v: number, max: number): string {
  // white → accent blue; keep the text readable (dark text on light cells, white on dark)
  const t = max > 0 ? Math.min(1, v / max) : 0;
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  const r = mix(0xff, 0x1d);
  const g = mix(0xff, 0x39);
  const b = mix(0xff, 0xc4);
  return [r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('').toUpperCase();
}

function table(s: Slide, header: string[], rows: PptxGenJS.TableCell[][], box: Box, colW?: number[], size?: { fontSize: number; rowH: number }): void {
  const head: PptxGenJS.TableCell[] = header.map((h) => ({ text: h, options: { bold: true, color: 'FFFFFF', fill: { color: ACCENT }, align: 'center', valign: 'middle' } }));
  const fontSize = size?.fontSize ?? (rows.length > 8 || header.length > 5 ? 10 : 12);
  s.addTable([head, ...rows], {
    x: box.x,
    y: box.y,
    w: box.w,
    ...(colW ? { colW } : {}),
    fontFace: PPTX_FONT,
    fontSize,
    color: INK,
    border: { type: 'solid', color: 'D9D9D9', pt: 0.75 },
    valign: 'middle',
    autoPage: false,
    rowH: size?.rowH ?? Math.min(0.45, box.h / (rows.length + 1)),
  });
}

/** The scatter's plot area as fractions of its chart box (inside the axes; the title above, tick labels, axis title and legend below). */
export const PLOT = { x: 0.13, y: 0.1, w: 0.83, h: 0.64 };

type ScatterVisual = Extract<ReviewVisual, { kind: 'scatter' }>;

/** Where a value sits along a fixed axis, 0 (min) … 1 (max); log axes by log10. */
export function axisFraction(value: number, range: { min: number; max: number }, log: boolean): number {
  if (log) {
    if (value <= 0 || range.min <= 0) return 0;
    return (Math.log10(value) - Math.log10(range.min)) / (Math.log10(range.max) - Math.log10(range.min));
  }
  return (value - range.min) / (range.max - range.min);
}

/**
 * The quadrant's marks on the fixed plot area, as on the 价值象限 page: split lines (dashed grey, labelled with their
 * values), the warning score's zone cut-offs (dashed, zone colours) and the four cell names with counts and value shares
 * in the corners. Native shapes and text: editable in PowerPoint.
 */
function quadrantOverlay(s: Slide, v: ScatterVisual, box: Box): void {
  const px = box.x + PLOT.x * box.w;
  const py = box.y + PLOT.y * box.h;
  const pw = PLOT.w * box.w;
  const ph = PLOT.h * box.h;
  const label = { fontFace: PPTX_FONT, fontSize: 9, margin: 1, fill: { color: 'FFFFFF', transparency: 15 } };
  const atX = (x: number): number | null => {
    if (!v.xRange) return null;
    const f = axisFraction(x, v.xRange, v.xLog === true);
    return f >= 0 && f <= 1 ? px + f * pw : null;
  };
  const atY = (y: number): number | null => {
    if (!v.yRange) return null;
    const f = axisFraction(y, v.yRange, v.yLog === true);
    return f >= 0 && f <= 1 ? py + (1 - f) * ph : null;
  };
  for (const m of v.yMarks ?? []) {
    const y = atY(m.value);
    if (y === null) continue;
    const c = hex(m.color, 0);
    s.addShape('line', { x: px, y, w: pw, h: 0, line: { color: c, width: 0.75, dashType: 'dash' } });
    s.addText(m.label, { ...label, x: px + 0.04, y: y - 0.22, w: 0.9, h: 0.2, color: c });
  }
  const sp = v.split;
  if (sp && sp.x !== null) {
    const x = atX(sp.x);
    if (x !== null) {
      s.addShape('line', { x, y: py, w: 0, h: ph, line: { color: '595959', width: 1, dashType: 'dash' } });
      // at the top of the line, under the top corners' names (as the page labels it at the line's end)
      s.addText(sp.xLabel, { ...label, x: x + 0.04, y: py + 0.36, w: 1.4, h: 0.2, color: '434343' });
    }
  }
  if (sp && sp.y !== null) {
    const y = atY(sp.y);
    if (y !== null) {
      s.addShape('line', { x: px, y, w: pw, h: 0, line: { color: '595959', width: 1, dashType: 'dash' } });
      // right of the value split (the right end is the high-value cells' corner, where a low score split would hide under its name)
      const sx = sp.x !== null ? atX(sp.x) : null;
      if (sx !== null && sx + 1.3 < px + pw) s.addText(sp.yLabel, { ...label, x: sx + 0.04, y: y - 0.22, w: 1.2, h: 0.2, color: '434343' });
      else s.addText(sp.yLabel, { ...label, x: px + pw - 1.2, y: y - 0.22, w: 1.18, h: 0.2, color: '434343', align: 'right' });
    }
  }
  // the x ticks as the app writes them (1万 / 10万; 10k / 100k): the chart's own labels are turned off (hideXTickLabels)
  for (const t of v.xTicks ?? []) {
    const x = atX(t.value);
    if (x === null) continue;
    s.addText(t.label, { fontFace: PPTX_FONT, fontSize: 10, color: '595959', margin: 0, align: 'center', valign: 'top', x: x - 0.5, y: py + ph + 0.04, w: 1, h: 0.22 });
  }
  const cw = Math.min(2.6, pw / 2 - 0.1);
  if (v.pointLabels) pointLabels(s, v.pointLabels, { px, py, pw, ph, cw }, atX, atY);
  for (const c of v.corners ?? []) {
    const right = c.position[0] === 'h';
    const top = c.position[1] === 'h';
    s.addText(c.text, {
      fontFace: PPTX_FONT,
      fontSize: 10,
      bold: true,
      color: '434343',
      margin: 2,
      fill: { color: 'FFFFFF', transparency: 25 },
      fit: 'shrink',
      align: right ? 'right' : 'left',
      x: right ? px + pw - cw - 0.05 : px + 0.05,
      y: top ? py + 0.05 : py + ph - 0.47,
      w: cw,
      h: 0.42,
    });
  }
}

/** A label's box in inches. */
interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

const overlaps = (a: Rect, b: Rect): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * Each point's name beside it: right of the point, else left, above or below, the first place that runs into no
 * other name, no corner's box and stays inside the plot (else right of it anyway).
 */
function pointLabels(
  s: Slide,
  labels: readonly { x: number; y: number; label: string }[],
  plot: { px: number; py: number; pw: number; ph: number; cw: number },
  atX: (x: number) => number | null,
  atY: (y: number) => number | null,
): void {
  const size = 9;
  const h = 0.2;
  const taken: Rect[] = [
    { x: plot.px, y: plot.py, w: plot.cw + 0.05, h: 0.47 },
    { x: plot.px + plot.pw - plot.cw - 0.05, y: plot.py, w: plot.cw + 0.05, h: 0.47 },
    { x: plot.px, y: plot.py + plot.ph - 0.47, w: plot.cw + 0.05, h: 0.47 },
    { x: plot.px + plot.pw - plot.cw - 0.05, y: plot.py + plot.ph - 0.47, w: plot.cw + 0.05, h: 0.47 },
  ];
  for (const p of labels) {
    const x = atX(p.x);
    const y = atY(p.y);
    if (x === null || y === null) continue;
    let w = 0.08;
    for (const ch of p.label) w += ch.charCodeAt(0) > 0x2e7f ? size / 72 : (size / 72) * 0.55;
    const places: Rect[] = [
      { x: x + 0.07, y: y - h / 2, w, h },
      { x: x - 0.07 - w, y: y - h / 2, w, h },
      { x: x - w / 2, y: y - 0.08 - h, w, h },
      { x: x - w / 2, y: y + 0.08, w, h },
    ];
    const inside = (r: Rect): boolean => r.x >= plot.px && r.x + r.w <= plot.px + plot.pw && r.y >= plot.py && r.y + r.h <= plot.py + plot.ph;
    const at = places.find((r) => inside(r) && !taken.some((t) => overlaps(r, t))) ?? (places[0] as Rect);
    taken.push(at);
    s.addText(p.label, { fontFace: PPTX_FONT, fontSize: size, color: '434343', margin: 0, valign: 'middle', x: at.x, y: at.y, w: at.w, h: at.h });
  }
}

/**
 * Adds the log scale to the x axis of the scatter charts whose x title is in `titles` (pptxgenjs has no option for it),
 * and turns off the x axis's own tick labels of those whose x title is in `drawnTicks` (the slide draws them, in the
 * app's format: a chart number format can write 10,000 but not 1万).
 */
export async function addLogXAxes(file: Uint8Array, titles: ReadonlySet<string>, drawnTicks: ReadonlySet<string> = new Set()): Promise<Uint8Array> {
  if (titles.size === 0 && drawnTicks.size === 0) return file;
  const zip = await JSZip.loadAsync(file);
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
  let changed = false;
  for (const name of Object.keys(zip.files)) {
    if (!/^ppt\/charts\/chart\d+\.xml$/.test(name)) continue;
    const f = zip.file(name);
    if (!f) continue;
    const xml = await f.async('string');
    if (!xml.includes('<c:scatterChart>')) continue;
    const has = (set: ReadonlySet<string>): boolean => {
      for (const t of set) if (xml.includes(`${esc(t)}</a:t>`) || xml.includes(`${t}</a:t>`)) return true;
      return false;
    };
    let next = xml;
    // the x axis of a pptxgenjs scatter is the value axis with the category id; logBase comes first in c:scaling
    if (has(titles)) next = next.replace(/(<c:axId val="2094734554"\/>\s*<c:scaling>)(?!<c:logBase)/, '$1<c:logBase val="10"/>');
    if (has(drawnTicks)) next = next.replace(/(<c:valAx>\s*<c:axId val="2094734554"\/>[\s\S]*?<c:tickLblPos val=")nextTo("\/>)/, '$1none$2');
    if (next !== xml) {
      zip.file(name, next);
      changed = true;
    }
  }
  return changed ? await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }) : file;
}

/** The x titles of the scatter charts whose x axis is changed once the file is written (addLogXAxes). */
interface XAxisEdits {
  log: Set<string>;
  drawnTicks: Set<string>;
}

/** `xEdits` collects the x titles of the scatter charts that get a log x axis or drawn tick labels (applied to the file afterwards). */
function visual(pptx: PptxGenJS, s: Slide, v: ReviewVisual, box: Box, xEdits: XAxisEdits, language: ReviewDeck['language']): void {
  switch (v.kind) {
    case 'kpis':
      kpiCards(s, v.items, box);
      return;
    case 'bar':
    case 'stackedBar':
    case 'line':
    case 'pie': {
      const data = v.series.map((sr) => ({ name: sr.name, labels: v.categories, values: sr.values.map((x) => x ?? 0) }));
      const common: PptxGenJS.IChartOpts = {
        ...box,
        fontFace: PPTX_FONT,
        showTitle: true,
        title: chartTitle(v, language),
        titleFontFace: PPTX_FONT,
        titleFontSize: 14,
        titleColor: INK,
        showLegend: v.series.length > 1 || v.kind === 'pie',
        legendPos: 'b',
        legendFontFace: PPTX_FONT,
        legendFontSize: 11,
        catAxisLabelFontFace: PPTX_FONT,
        catAxisLabelFontSize: v.categories.length > 8 ? 9 : 11,
        valAxisLabelFontFace: PPTX_FONT,
        valAxisLabelFontSize: 10,
        // a single series with a colour per category (zones) gets per-bar colours
        chartColors: v.kind === 'pie' ? PALETTE : v.categoryColors && v.series.length === 1 ? v.categoryColors.map((c, i) => hex(c, i)) : v.series.map((sr, i) => hex(sr.color, i)),
      };
      if (v.kind === 'pie') {
        s.addChart(pptx.ChartType.pie, data.slice(0, 1), { ...common, showPercent: true, showValue: false, dataLabelColor: 'FFFFFF', dataLabelFontSize: 12 });
      } else if (v.kind === 'line') {
        s.addChart(pptx.ChartType.line, data, { ...common, lineSize: 2.5, lineDataSymbol: 'circle', lineDataSymbolSize: 6 });
      } else {
        s.addChart(pptx.ChartType.bar, data, {
          ...common,
          barDir: 'col',
          barGrouping: v.kind === 'stackedBar' ? 'stacked' : 'clustered',
          barGapWidthPct: 60,
          showValue: v.kind === 'bar' && v.categories.length <= 8,
          dataLabelFontSize: 10,
          dataLabelPosition: 'outEnd',
          valAxisLabelFormatCode: NUMBER_FORMAT_CODES.count,
          dataLabelFormatCode: v.unit === '%' ? NUMBER_FORMAT_CODES.pctValue : NUMBER_FORMAT_CODES.count,
        });
      }
      return;
    }
    case 'scatter': {
      const xs = v.series.flatMap((sr) => sr.points.map((p) => p[0]));
      // pptx scatter data: the first entry holds the x values, each following one a series' y values at those x
      const data = [{ name: v.xLabel, values: xs }, ...v.series.map((sr, i) => ({ name: sr.name, values: v.series.flatMap((o, j) => o.points.map((p) => (j === i ? p[1] : Number.NaN))) }))];
      // a fixed plot area (fractions of the chart box) when the slide draws on it: split lines, cut-offs, cell names
      const overlay = v.split !== undefined || (v.yMarks?.length ?? 0) > 0 || (v.corners?.length ?? 0) > 0;
      s.addChart(pptx.ChartType.scatter, data, {
        ...box,
        fontFace: PPTX_FONT,
        showTitle: true,
        title: v.title,
        titleFontFace: PPTX_FONT,
        titleFontSize: 14,
        lineSize: 0,
        lineDataSymbolSize: 6,
        showValAxisTitle: true,
        valAxisTitle: v.yLabel,
        showCatAxisTitle: true,
        catAxisTitle: v.xLabel,
        chartColors: v.series.map((sr, i) => hex(sr.color, i)),
        showLegend: v.series.length > 1,
        legendPos: 'b',
        legendFontFace: PPTX_FONT,
        valAxisTitleFontFace: PPTX_FONT,
        catAxisTitleFontFace: PPTX_FONT,
        valAxisTitleFontSize: 11,
        catAxisTitleFontSize: 11,
        ...(v.yLog ? { valAxisLogScaleBase: 10, valAxisLabelFormatCode: NUMBER_FORMAT_CODES.short } : {}),
        // the scatter's two axes share one number format: whole with separators for the value axis, the score plain
        ...(v.xLog ? { valAxisLabelFormatCode: NUMBER_FORMAT_CODES.short } : {}),
        ...(v.xRange ? { catAxisMinVal: v.xRange.min, catAxisMaxVal: v.xRange.max } : {}),
        ...(v.yRange ? { valAxisMinVal: v.yRange.min, valAxisMaxVal: v.yRange.max } : {}),
        ...(overlay ? { layout: PLOT } : {}),
      });
      // pptxgenjs writes no log scale for a scatter's x axis: reviewPptx adds it to the chart part afterwards
      if (v.xLog) xEdits.log.add(v.xLabel);
      if (overlay && v.xRange && (v.xTicks?.length ?? 0) > 0) xEdits.drawnTicks.add(v.xLabel);
      if (overlay) quadrantOverlay(s, v, box);
      return;
    }
    case 'heatmap': {
      const max = v.values.flat().reduce((m, x) => Math.max(m, x), 1);
      const rows: PptxGenJS.TableCell[][] = v.rows.map((r, i) => [
        { text: r, options: { bold: true, fill: { color: 'F0F0F0' } } },
        ...v.cols.map((_, j) => {
          const n = v.values[i]?.[j] ?? 0;
          const t = n / max;
          return { text: formatYuan(n), options: { align: 'center' as const, fill: { color: heatColor(n, max) }, color: t > 0.55 ? 'FFFFFF' : INK, bold: i === j } };
        }),
      ]);
      // the axis names go above the table: in the corner cell they would wrap into an unreadable block
      s.addText(heatmapCaption(v, language), { x: box.x, y: box.y, w: box.w, h: 0.4, fontFace: PPTX_FONT, fontSize: 13, color: MUTED });
      const first = 1.9;
      table(s, ['', ...v.cols], rows, { ...box, y: box.y + 0.5, h: box.h - 0.5 }, [first, ...v.cols.map(() => (box.w - first) / v.cols.length)], { fontSize: 15, rowH: 0.85 });
      return;
    }
    case 'table': {
      const rows: PptxGenJS.TableCell[][] = v.rows.map((r, i) =>
        v.columns.map((c, j) => ({
          text: cellText(r[j] ?? null, c.format),
          options: { align: c.format === 'text' ? ('left' as const) : ('right' as const), fill: { color: i % 2 === 0 ? 'FFFFFF' : 'F7F8FC' } },
        })),
      );
      // text columns share what the number columns leave
      const numW = 1.35;
      const nums = v.columns.filter((c) => c.format !== 'text').length;
      const texts = v.columns.length - nums;
      const textW = texts > 0 ? (box.w - nums * numW) / texts : 0;
      s.addText(v.title, { x: box.x, y: box.y, w: box.w, h: 0.4, fontFace: PPTX_FONT, fontSize: 13, color: MUTED });
      table(s, v.columns.map((c) => c.label), rows.length > 0 ? rows : [[{ text: '—', options: { colspan: v.columns.length } }]], { ...box, y: box.y + 0.5, h: box.h - 0.5 }, v.columns.map((c) => (c.format === 'text' ? textW : numW)));
      return;
    }
  }
}

function findingsBox(s: Slide, slide: ReviewSlide, box: Box, fontSize: number): void {
  const paras = slide.findings.filter((f) => f.text.trim() !== '');
  if (paras.length === 0) return;
  s.addText(
    paras.map((f) => ({ text: f.text, options: { bullet: { indent: 18 }, paraSpaceAfter: 10, breakLine: true } })),
    { ...box, fontFace: PPTX_FONT, fontSize, color: INK, valign: 'top', lineSpacingMultiple: 1.15, fit: 'shrink' },
  );
}

function addSlide(pptx: PptxGenJS, deck: ReviewDeck, slide: ReviewSlide, page: number, total: number, xEdits: XAxisEdits): void {
  const s = pptx.addSlide();
  s.background = { color: 'FFFFFF' };
  s.addShape('rect', { x: 0, y: 0, w: W, h: 0.12, fill: { color: ACCENT }, line: { color: ACCENT, width: 0 } });
  s.addText(slide.title, { x: 0.5, y: 0.3, w: W - 1, h: 0.7, fontFace: PPTX_FONT, fontSize: 28, bold: true, color: INK, fit: 'shrink' });
  if (slide.subtitle) s.addText(slide.subtitle, { x: 0.5, y: 0.98, w: W - 1, h: 0.4, fontFace: PPTX_FONT, fontSize: 14, color: MUTED });
  const top = 1.55;
  const bottom = H - 0.55;
  if (slide.visual) {
    visual(pptx, s, slide.visual, { x: 0.5, y: top, w: 7.7, h: bottom - top }, xEdits, deck.language);
    s.addShape('line', { x: 8.5, y: top, w: 0, h: bottom - top, line: { color: 'E0E0E0', width: 1 } });
    findingsBox(s, slide, { x: 8.75, y: top, w: W - 8.75 - 0.5, h: bottom - top }, 16);
  } else {
    findingsBox(s, slide, { x: 0.7, y: top, w: W - 1.4, h: bottom - top }, 20);
  }
  s.addText(`${deck.branchName} · ${deck.language === 'en' ? `${quarterLabel(deck.quarter, 'en')} review` : `${deck.quarter} 季度回顾`}`, { x: 0.5, y: H - 0.45, w: 8, h: 0.3, fontFace: PPTX_FONT, fontSize: 10, color: '8C8C8C' });
  s.addText(`${page} / ${total}`, { x: W - 2.5, y: H - 0.45, w: 2, h: 0.3, fontFace: PPTX_FONT, fontSize: 10, color: '8C8C8C', align: 'right' });
  if (slide.notes.trim() !== '') s.addNotes(slide.notes);
}

/** The visible slides of the deck as a .pptx file. */
export async function reviewPptx(deck: ReviewDeck): Promise<Uint8Array> {
  const pptx = new PptxGenJS();
  const xEdits: XAxisEdits = { log: new Set<string>(), drawnTicks: new Set<string>() };
  pptx.layout = 'LAYOUT_WIDE';
  pptx.theme = { headFontFace: PPTX_FONT, bodyFontFace: PPTX_FONT };
  pptx.author = 'Holdfast';
  pptx.company = deck.branchName;
  pptx.title = `${deck.branchName} ${deck.language === 'en' ? `${quarterLabel(deck.quarter, 'en')} review` : `${deck.quarter} 季度回顾`}`;
  const slides = visibleSlides(deck);
  slides.forEach((sl, i) => addSlide(pptx, deck, sl, i + 1, slides.length, xEdits));
  const out = await pptx.write({ outputType: 'uint8array', compression: true });
  return addLogXAxes(out instanceof Uint8Array ? out : new Uint8Array(out as ArrayBuffer), xEdits.log, xEdits.drawnTicks);
}
