/**
 * How far the warnings can be trusted on this workspace's own data: the
 * back-test's AUC, top-share lift, and precision/recall per zone. A figure
 * that rests on few months or few events says so beside it (issue #13).
 */
import { Alert, Descriptions, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language, LocalText } from '../../../shared/api/contract';
import type { BacktestView } from '../../../shared/api/analysisContract';
import { formatCount, formatPercent, formatRatio } from '../format';
import { localText } from '../i18n';
import { ZoneTag } from './ZoneTag';

/** A short "few data" mark beside a figure; hover shows what it rests on. */
function Caveat({ text, language, testId }: { text: LocalText | null | undefined; language: Language; testId: string }) {
  const { t } = useTranslation();
  if (!text) return null;
  const full = localText(text, language);
  return (
    <Tooltip title={full}>
      <Tag color="warning" style={{ marginLeft: 6, marginRight: 0, cursor: 'help' }} data-testid={testId} data-caveat={full}>
        {t('backtest.fewData')}
      </Tag>
    </Tooltip>
  );
}

export function BacktestSummary({ backtest, language }: { backtest: BacktestView; language: Language }) {
  const { t } = useTranslation();
  if (backtest.status !== 'ok') {
    return (
      <Typography.Text type="secondary" data-testid="backtest-insufficient">
        {localText(backtest.reason, language)}
      </Typography.Text>
    );
  }
  const b = backtest;
  const share = Math.round(b.lift.share * 100);
  return (
    <div data-testid="backtest-summary" style={{ maxWidth: 560 }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('backtest.basis', { months: b.monthsUsed, rows: formatCount(b.rows), positives: formatCount(b.positives) })}
      </Typography.Paragraph>
      {b.caveat && <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={localText(b.caveat, language)} data-testid="backtest-caveat" />}
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('backtest.auc')}>
          <span data-testid="backtest-auc" data-value={b.auc ?? ''}>{formatRatio(b.auc)}</span>
          <Caveat text={b.caveat} language={language} testId="backtest-caveat-auc" />
        </Descriptions.Item>
        <Descriptions.Item label={t('backtest.lift', { share })}>
          <span data-testid="backtest-lift" data-value={b.lift.lift ?? ''}>{formatRatio(b.lift.lift)}</span>
          <Typography.Text type="secondary" style={{ marginLeft: 6 }}>
            {t('backtest.liftMax', { max: formatRatio(1 / b.lift.share) })}
          </Typography.Text>
          <Caveat text={b.caveat} language={language} testId="backtest-caveat-lift" />
        </Descriptions.Item>
        {b.thresholds.map((x) => (
          <Descriptions.Item
            key={x.zone}
            label={
              <span>
                {(x.zone === 'red' || x.zone === 'yellow' || x.zone === 'blue') && <ZoneTag zone={x.zone} language={language} />}
                <span style={{ marginLeft: 4 }}>{t('backtest.atOrAbove', { score: x.minScore })}</span>
              </span>
            }
          >
            <span data-testid={`backtest-precision-${x.zone}`}>{t('backtest.precision', { value: formatPercent(x.precision) })}</span>
            <Caveat text={x.precisionCaveat} language={language} testId={`backtest-caveat-precision-${x.zone}`} />
            <span style={{ marginLeft: 12 }} data-testid={`backtest-recall-${x.zone}`}>
              {t('backtest.recall', { value: formatPercent(x.recall) })}
            </span>
            <Caveat text={x.recallCaveat} language={language} testId={`backtest-caveat-recall-${x.zone}`} />
          </Descriptions.Item>
        ))}
        {b.logistic.status === 'ok' && (
          <Descriptions.Item label={t('backtest.logistic', { folds: b.logistic.folds })}>
            <span data-testid="backtest-logistic-auc">{formatRatio(b.logistic.auc)}</span>
            <Caveat text={b.logistic.caveat} language={language} testId="backtest-caveat-logistic" />
          </Descriptions.Item>
        )}
      </Descriptions>
    </div>
  );
}
