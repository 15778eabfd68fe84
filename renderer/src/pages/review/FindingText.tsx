/**
 * A finding's text with its numbers marked: each figure the engine quoted is
 * found in the text (in order) and opens its rule, inputs and settings on
 * hover. Numbers the manager typed in are plain text: they have no trace.
 */
import { Popover } from 'antd';
import type { ReactNode } from 'react';
import type { Language } from '../../../../shared/api/contract';
import type { ReviewFigure } from '../../../../shared/review/types';
import { TraceContent } from '../../components/TraceContent';
import { splitByFigures } from './slideText';

export function FindingText({ text, figures, language, traces = true }: { text: string; figures: readonly ReviewFigure[]; language: Language; traces?: boolean }): ReactNode {
  return splitByFigures(text, figures).map((seg, i) =>
    'figure' in seg ? (
      traces ? (
        <Popover key={i} title={seg.figure.label} content={<TraceContent trace={seg.figure.trace} language={language} />} trigger="hover" placement="top">
          <span className="review-figure" data-testid="review-figure" data-value={seg.figure.value ?? ''}>
            {seg.text}
          </span>
        </Popover>
      ) : (
        <span key={i} className="review-figure">
          {seg.text}
        </span>
      )
    ) : (
      <span key={i}>{seg.text}</span>
    ),
  );
}
