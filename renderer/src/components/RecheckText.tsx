/** An action's re-check: zone, score and current value at its base month vs N months later (hover: the numbers and the setting). */
import { Popover, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/api/contract';
import type { RecheckView } from '../../../shared/api/ledgerContract';
import { formatPercent, formatYuan } from '../format';
import { ZoneTag } from './ZoneTag';

export function RecheckText({ recheck, language }: { recheck: RecheckView | null; language: Language }) {
  const { t } = useTranslation();
  if (!recheck) return null;
  if (recheck.status === 'noBase') return <Typography.Text type="secondary">{t('ledger.recheck_noBase')}</Typography.Text>;
  if (recheck.status === 'pending')
    return (
      <Typography.Text type="secondary" data-testid="recheck-pending">
        {t('ledger.recheck')}: {t('ledger.recheck_pending', { period: recheck.checkPeriod ?? '' })}
      </Typography.Text>
    );
  const b = recheck.before;
  const a = recheck.after;
  const content = (
    <table className="recheck-table">
      <tbody>
        <tr>
          <th />
          <th>{recheck.basePeriod}</th>
          <th>{recheck.checkPeriod}</th>
        </tr>
        <tr>
          <td>{t('ledger.recheckZone')}</td>
          <td>{b ? <ZoneTag zone={b.zone} language={language} /> : '—'}</td>
          <td>{a ? <ZoneTag zone={a.zone} language={language} /> : '—'}</td>
        </tr>
        <tr>
          <td>{t('ledger.recheckScore')}</td>
          <td>{b?.score ?? '—'}</td>
          <td>{a?.score ?? '—'}</td>
        </tr>
        <tr>
          <td>{t('ledger.recheckValue')}</td>
          <td>{b?.value != null ? formatYuan(Math.round(b.value)) : '—'}</td>
          <td>{a?.value != null ? formatYuan(Math.round(a.value)) : '—'}</td>
        </tr>
        <tr>
          <td colSpan={3}>
            <Typography.Text type="secondary">
              {t('ledger.recheckMonths')}: {recheck.months}
            </Typography.Text>
          </td>
        </tr>
      </tbody>
    </table>
  );
  return (
    <Popover content={content} title={t('ledger.recheckTitle', { base: recheck.basePeriod ?? '', check: recheck.checkPeriod ?? '' })}>
      <span data-testid="recheck-done" className="recheck-done">
        {t('ledger.recheck')}: {b ? <ZoneTag zone={b.zone} language={language} /> : '—'}→{a ? <ZoneTag zone={a.zone} language={language} /> : '—'}
        <Tag>
          {t('ledger.recheckScore')} {b?.score ?? '—'} → {a?.score ?? '—'}
        </Tag>
        {recheck.valueChange !== null && <Tag>{formatPercent(recheck.valueChange, true)}</Tag>}
      </span>
    </Popover>
  );
}
