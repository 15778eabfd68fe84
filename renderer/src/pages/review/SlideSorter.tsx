/**
 * The slide sorter: thumbnails in deck order, hidden ones dimmed. Click to
 * select, drag to reorder (or ↑ ↓ on the editor's toolbar, or Alt+↑/↓ here).
 */
import { EyeInvisibleOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import type { ReviewDeck } from '../../../../shared/review/types';
import { SlideView } from './SlideView';

interface Props {
  deck: ReviewDeck;
  language: Language;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onMove: (id: string, toIndex: number) => void;
}

export function SlideSorter({ deck, language, selectedId, onSelect, onMove }: Props) {
  const { t } = useTranslation();
  const [dragId, setDragId] = useState<string | null>(null);
  const [dropIndex, setDropIndex] = useState<number | null>(null);
  const visible = deck.slides.filter((s) => !s.hidden);
  const visibleNumber = new Map(visible.map((s, i) => [s.id, i + 1]));

  return (
    <div className="review-sorter" data-testid="review-sorter">
      {deck.slides.map((s, i) => (
        <div
          key={s.id}
          className={`review-sorter-item${s.id === selectedId ? ' selected' : ''}${s.hidden ? ' is-hidden' : ''}${dropIndex === i && dragId !== s.id ? ' drop-target' : ''}`}
          data-testid={`review-sorter-item-${s.id}`}
          data-slide-id={s.id}
          role="button"
          tabIndex={0}
          aria-selected={s.id === selectedId}
          draggable
          onClick={() => onSelect(s.id)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') onSelect(s.id);
            if (e.altKey && e.key === 'ArrowUp' && i > 0) {
              e.preventDefault();
              onMove(s.id, i - 1);
            }
            if (e.altKey && e.key === 'ArrowDown' && i < deck.slides.length - 1) {
              e.preventDefault();
              onMove(s.id, i + 1);
            }
          }}
          onDragStart={(e) => {
            setDragId(s.id);
            e.dataTransfer.effectAllowed = 'move';
            e.dataTransfer.setData('text/plain', s.id);
          }}
          onDragOver={(e) => {
            e.preventDefault();
            setDropIndex(i);
          }}
          onDragLeave={() => setDropIndex((d) => (d === i ? null : d))}
          onDrop={(e) => {
            e.preventDefault();
            const id = e.dataTransfer.getData('text/plain') || dragId;
            setDragId(null);
            setDropIndex(null);
            if (id && id !== s.id) onMove(id, i);
          }}
          onDragEnd={() => {
            setDragId(null);
            setDropIndex(null);
          }}
        >
          <div className="review-sorter-number">{s.hidden ? <EyeInvisibleOutlined title={t('review.hidden')} /> : visibleNumber.get(s.id)}</div>
          <div className="review-sorter-body">
            <div className="review-sorter-thumb">
              <SlideView slide={s} look="app" language={language} footer={{ branchName: deck.branchName, quarter: deck.quarter, n: visibleNumber.get(s.id) ?? 0, total: visible.length }} thumb />
            </div>
            <div className="review-sorter-title" title={s.title}>
              {s.title || t('review.untitled')}
            </div>
          </div>
        </div>
      ))}
    </div>
  );
}
