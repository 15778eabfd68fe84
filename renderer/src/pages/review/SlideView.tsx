/**
 * One slide, laid out on a 16:9 box whose type scales with its width
 * (container units), so the sorter thumbnail, the editor, presenter mode
 * and the printed page show the same composition: part, title, one visual,
 * two or three findings, a footer with branch, quarter and slide number.
 */
import { Popover } from 'antd';
import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import type { KpiItem, ReviewSlide, ReviewVisual, TableColumn } from '../../../../shared/review/types';
import { TraceContent } from '../../components/TraceContent';
import { formatCount, formatDecimal, formatPercent, formatYuan } from '../../format';
import { EditableText } from './EditableText';
import { FindingText } from './FindingText';
import { ReviewChart } from './ReviewChart';
import { changeArrow } from './slideText';
import { isChartVisual, type SlideLook } from './visualOption';

export interface SlideEditHandlers {
  title: (text: string) => void;
  subtitle: (text: string) => void;
  finding: (findingId: string, text: string) => void;
  commit: () => void;
}

interface Props {
  slide: ReviewSlide;
  look: SlideLook;
  language: Language;
  footer: { branchName: string; quarter: string; n: number; total: number };
  edit?: SlideEditHandlers;
  /** presenter mode: the chart animates its first draw only */
  animateOnce?: boolean;
  /** sorter thumbnails: no traces, no tooltips */
  thumb?: boolean;
  testId?: string;
}

/** Table rows that fit on a slide; the full list is in the Excel pack. */
const MAX_TABLE_ROWS = 8;

function cellText(value: string | number | null, format: TableColumn['format']): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  switch (format) {
    case 'int':
      return formatCount(value);
    case 'yuan':
      return formatYuan(value);
    case 'pct':
      return formatPercent(value);
    case 'decimal':
      return formatDecimal(value, 2);
    case 'text':
      return String(value);
  }
}

function Traced({ enabled, title, trace, language, children }: { enabled: boolean; title: string; trace: KpiItem['trace']; language: Language; children: ReactNode }) {
  if (!enabled) return <>{children}</>;
  return (
    <Popover title={title} content={<TraceContent trace={trace} language={language} />} trigger="hover" placement="bottom">
      {children}
    </Popover>
  );
}

function KpiGrid({ items, language, traces }: { items: KpiItem[]; language: Language; traces: boolean }) {
  return (
    <div className={`slide-kpis slide-kpis-${Math.min(items.length, 6)}`}>
      {items.map((k) => (
        <div className="slide-kpi" key={k.id} data-testid={`review-kpi-${k.id}`} data-value={k.value ?? ''}>
          <div className="slide-kpi-label">{k.label}</div>
          <Traced enabled={traces} title={k.label} trace={k.trace} language={language}>
            <div className="slide-kpi-value">{k.display}</div>
          </Traced>
          <div className="slide-kpi-changes">
            {k.changes.map((c, i) => (
              <Traced key={i} enabled={traces} title={`${k.label} · ${c.label}`} trace={c.trace} language={language}>
                <span className="slide-kpi-change" title={c.reason ?? undefined}>
                  {c.label} {changeArrow(c.display)}
                  {c.display}
                </span>
              </Traced>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}

function SlideTable({ visual }: { visual: Extract<ReviewVisual, { kind: 'table' }> }) {
  const { t } = useTranslation();
  const rows = visual.rows.slice(0, MAX_TABLE_ROWS);
  return (
    <div className="slide-table-wrap">
      <table className="slide-table">
        <thead>
          <tr>
            {visual.columns.map((c) => (
              <th key={c.key} className={c.format === 'text' ? '' : 'num'}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {visual.columns.map((c, j) => (
                <td key={c.key} className={c.format === 'text' ? '' : 'num'}>
                  {cellText(r[j] ?? null, c.format)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {visual.rows.length > rows.length && <div className="slide-table-more">{t('review.tableMore', { shown: rows.length, total: visual.rows.length })}</div>}
    </div>
  );
}

function Visual({ visual, look, language, traces, animateOnce, thumb }: { visual: ReviewVisual; look: SlideLook; language: Language; traces: boolean; animateOnce: boolean; thumb: boolean }) {
  if (visual.kind === 'kpis') return <KpiGrid items={visual.items} language={language} traces={traces} />;
  const caption = (
    <Traced enabled={traces} title={visual.title} trace={visual.trace} language={language}>
      <div className="slide-visual-title">{visual.title}</div>
    </Traced>
  );
  if (visual.kind === 'table') {
    return (
      <div className="slide-visual-box">
        {caption}
        <SlideTable visual={visual} />
      </div>
    );
  }
  if (!isChartVisual(visual)) return null;
  return (
    <div className="slide-visual-box">
      {caption}
      <div className="slide-chart-box">
        <ReviewChart visual={visual} look={look} animateOnce={animateOnce} thumb={thumb} testId="review-chart" />
      </div>
    </div>
  );
}

/**
 * Shrinks the findings' type (down to 70%) until they fit their column, so
 * long or edited findings are never cut off; re-fits when the box resizes.
 */
function useFitFindings(deps: unknown[]) {
  const ref = useRef<HTMLUListElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const fit = () => {
      let scale = 1;
      el.style.setProperty('--fit', '1');
      while (el.scrollHeight > el.clientHeight + 1 && scale > 0.7) {
        scale = Math.round((scale - 0.05) * 100) / 100;
        el.style.setProperty('--fit', String(scale));
      }
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    return () => observer.disconnect();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- refit when the texts change
  }, deps);
  return ref;
}

export function SlideView({ slide, look, language, footer, edit, animateOnce = false, thumb = false, testId }: Props) {
  const { t } = useTranslation();
  const findingsRef = useFitFindings([slide.findings, look]);
  const traces = !thumb && look !== 'print';
  const partLabel = t(`review.parts.${slide.part}`);
  return (
    <div className={`review-slide look-${look}${thumb ? ' is-thumb' : ''}`} data-testid={testId} data-slide-id={slide.id}>
      <div className="slide-head">
        <div className="slide-part">{partLabel}</div>
        {edit ? (
          <EditableText
            value={slide.title}
            onChange={edit.title}
            onCommit={edit.commit}
            placeholder={t('review.untitled')}
            className="slide-title"
            multiline={false}
            maxLength={500}
            testId="review-edit-title"
          />
        ) : (
          <div className="slide-title" data-testid={testId ? `${testId}-title` : undefined}>
            {slide.title}
          </div>
        )}
        {edit && slide.subtitle !== null ? (
          <EditableText
            value={slide.subtitle}
            onChange={edit.subtitle}
            onCommit={edit.commit}
            placeholder={t('review.untitled')}
            className="slide-subtitle"
            multiline={false}
            maxLength={500}
            testId="review-edit-subtitle"
          />
        ) : (
          slide.subtitle && <div className="slide-subtitle">{slide.subtitle}</div>
        )}
      </div>
      <div className={`slide-body${slide.visual ? '' : ' no-visual'}${slide.visual?.kind === 'kpis' || slide.visual?.kind === 'table' ? ' wide-visual' : ''}`}>
        {slide.visual && (
          <div className="slide-visual">
            <Visual visual={slide.visual} look={look} language={language} traces={traces} animateOnce={animateOnce} thumb={thumb} />
          </div>
        )}
        <ul className="slide-findings" ref={findingsRef}>
          {/* an empty point is a place to type in the editor, nothing on a shown or printed slide */}
          {(edit ? slide.findings : slide.findings.filter((f) => f.text.trim() !== '')).map((f) => (
            <li key={f.id} className="slide-finding" data-finding-id={f.id}>
              {edit ? (
                <EditableText
                  value={f.text}
                  onChange={(text) => edit.finding(f.id, text)}
                  onCommit={edit.commit}
                  display={<FindingText text={f.text} figures={f.figures} language={language} />}
                  placeholder={t('review.emptyFinding')}
                  className="slide-finding-text"
                  maxLength={2000}
                  testId={`review-edit-finding-${f.id}`}
                />
              ) : (
                <div className="slide-finding-text">
                  <FindingText text={f.text} figures={f.figures} language={language} traces={traces} />
                </div>
              )}
            </li>
          ))}
        </ul>
      </div>
      <div className="slide-foot">
        <span>
          {footer.branchName} · {footer.quarter} {t('review.title')}
        </span>
        <span>
          {footer.n} / {footer.total}
        </span>
      </div>
    </div>
  );
}
