/**
 * The print view: every visible slide as one 16:9 page (@page in
 * review.css), charts drawn as SVG without animation, so Chromium's printing
 * — printToPDF in Electron, the print dialog's "Save as PDF" in a browser —
 * gives one slide per page with the Chinese text embedded. The toolbar is
 * screen-only.
 */
import { Alert, Button, Space, Typography, message } from 'antd';
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import type { ReviewDeck } from '../../../../shared/review/types';
import { localText } from '../../i18n';
import { reviewBridge } from './desktopBridge';
import { SlideView } from './SlideView';
import { pdfFileName } from './slideText';

export function PrintView({ deck, language, onClose }: { deck: ReviewDeck; language: Language; onClose: () => void }) {
  const { t } = useTranslation();
  const slides = deck.slides.filter((s) => !s.hidden);
  const [ready, setReady] = useState(false);
  const [busy, setBusy] = useState(false);
  const bridge = reviewBridge();

  // The page prints the print view only while it is open.
  useEffect(() => {
    document.documentElement.classList.add('review-printing');
    return () => document.documentElement.classList.remove('review-printing');
  }, []);

  // Ready once every chart has drawn (SVG, no animation) and the fonts are in.
  useEffect(() => {
    let stop = false;
    const check = async () => {
      await document.fonts.ready;
      while (!stop) {
        const charts = Array.from(document.querySelectorAll('.review-print-root .review-chart'));
        if (charts.every((c) => (c as HTMLElement).dataset.drawn === 'true')) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      if (!stop) setReady(true);
    };
    void check();
    return () => {
      stop = true;
    };
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const savePdf = async () => {
    if (!bridge) {
      window.print();
      return;
    }
    setBusy(true);
    try {
      const r = await bridge.printToPdf({ fileName: pdfFileName(deck) });
      if (!r.ok) void message.error(t('review.exportFailed', { message: localText(r.error.message, language) }));
      else if (r.data.saved) void message.success(t('review.pdfSaved', { file: r.data.saved }));
    } finally {
      setBusy(false);
    }
  };

  return createPortal(
    <div className="review-print-root" data-testid="review-print" data-ready={ready ? 'true' : 'false'} data-pages={slides.length}>
      <div className="review-print-toolbar">
        <Space wrap>
          <Typography.Text strong>{t('review.print.title')}</Typography.Text>
          <Typography.Text type="secondary">{t('review.print.hint')}</Typography.Text>
        </Space>
        <Space>
          <Button type="primary" loading={!ready || busy} onClick={() => void savePdf()} data-testid="review-print-go">
            {bridge ? t('review.print.savePdf') : t('review.print.print')}
          </Button>
          <Button onClick={onClose} data-testid="review-print-close">
            {t('review.print.close')}
          </Button>
        </Space>
      </div>
      {!ready && <Alert className="review-print-toolbar-note" type="info" showIcon message={t('review.print.preparing')} />}
      <div className="review-print-pages">
        {slides.map((s, i) => (
          <div className="review-print-page" key={s.id}>
            <SlideView slide={s} look="print" language={language} footer={{ branchName: deck.branchName, quarter: deck.quarter, n: i + 1, total: slides.length }} testId="review-print-slide" />
          </div>
        ))}
      </div>
    </div>,
    document.body,
  );
}
