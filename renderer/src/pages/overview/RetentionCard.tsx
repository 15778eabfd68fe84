/**
 * 保有率 on the 总览 (seed 003, docs/domain.md): groups and snapshot members,
 * count retention beside value retention, against the settings' snapshot month
 * (retentionAt). Each number opens its trace; without a member snapshot the
 * member half says so.
 */
import { Card, Popover, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import type { OverviewView } from '../../../../shared/api/overviewContract';
import { TraceContent } from '../../components/TraceContent';
import { formatCount, formatDecimal, formatPercent } from '../../format';
import { localText } from '../../i18n';
import { isPeriod, periodIndex } from '../../../../shared/util/period';
import { retentionGapPp } from './retentionGap';

type Retention = NonNullable<OverviewView['retention']>;
type Fig = NonNullable<Retention['groups']>['count'];

function RetentionFigure({ testId, label, figure, language }: { testId: string; label: string; figure: Fig; language: Language }) {
  return (
    <Popover content={<TraceContent trace={figure.trace} language={language} />} title={label} trigger={['hover', 'click']} placement="bottom">
      <div className="ov-ret-fig" data-testid={testId} data-value={figure.value === null ? '' : String(figure.value)}>
        <div className="ov-cmp-label">{label}</div>
        <div className="ov-value traceable" data-testid={`${testId}-display`}>
          {formatPercent(figure.value)}
        </div>
      </div>
    </Popover>
  );
}

function Half({ prefix, title, part, sub, language }: { prefix: string; title: string; part: Retention['groups'] | Retention['members']; sub: string; language: Language }) {
  const { t } = useTranslation();
  if (!part) return null;
  const gap = retentionGapPp(part.count.value, part.value.value);
  return (
    <div className="ov-ret-half" data-testid={`retention-${prefix}`}>
      <div className="ov-ret-head">{title}</div>
      <div className="ov-ret-figs">
        <RetentionFigure testId={`retention-${prefix}-count`} label={t('overviewPage.retention.count')} figure={part.count} language={language} />
        <RetentionFigure testId={`retention-${prefix}-value`} label={t('overviewPage.retention.value')} figure={part.value} language={language} />
      </div>
      <div className="ov-note">{sub}</div>
      {gap !== null && gap > 0 && (
        <Popover
          content={t('overviewPage.retention.gapRule', { count: formatPercent(part.count.value), value: formatPercent(part.value.value), pp: formatDecimal(gap, 1) })}
          title={t('overviewPage.retention.gapTitle')}
          trigger={['hover', 'click']}
          placement="bottom"
        >
          <div className="ov-note ov-worse traceable" style={{ display: 'inline-block' }} data-testid={`retention-${prefix}-gap`} data-value={gap}>
            {t('overviewPage.retention.gap', { pp: formatDecimal(gap, 1) })}
          </div>
        </Popover>
      )}
    </div>
  );
}

export function RetentionCard({ retention, language }: { retention: Retention; language: Language }) {
  const { t } = useTranslation();
  const r = retention;
  const monthsBack = isPeriod(r.snapshot) ? periodIndex(r.asOf) - periodIndex(r.snapshot) : 0;
  const title = r.groups ? t('overviewPage.retention.title', { snapshot: r.snapshot }) : t('overviewPage.retention.titleNone');
  return (
    <Card size="small" className="kpi-card ov-card ov-retention" data-testid="retention-card" data-snapshot={r.snapshot} data-as-of={r.asOf}>
      <div className="kpi-title">
        {title}
        <span className="ov-note"> · {t(`overviewPage.retention.source.${r.source}`, { months: monthsBack })}</span>
      </div>
      {r.reason ? (
        <Typography.Text type="warning" data-testid="retention-reason">
          {localText(r.reason, language)}
        </Typography.Text>
      ) : (
        <div className="ov-ret-body">
          <Half
            prefix="groups"
            title={t('overviewPage.retention.groups')}
            part={r.groups}
            sub={r.groups ? t('overviewPage.retention.groupsSub', { active: formatCount(r.groups.stillActive), total: formatCount(r.groups.snapshotCount) }) : ''}
            language={language}
          />
          {r.members ? (
            <Half
              prefix="members"
              title={t('overviewPage.retention.members')}
              part={r.members}
              sub={t('overviewPage.retention.membersSub', { active: formatCount(r.members.stillActive), total: formatCount(r.members.snapshotCount) })}
              language={language}
            />
          ) : (
            <div className="ov-ret-half" data-testid="retention-members-empty">
              <div className="ov-ret-head">{t('overviewPage.retention.members')}</div>
              <div className="ov-ret-empty">{r.membersReason ? localText(r.membersReason, language) : t('overviewPage.retention.noMembers')}</div>
              <div className="ov-note">{t(r.membersImported ? 'overviewPage.retention.settingsHint' : 'overviewPage.retention.importHint')}</div>
            </div>
          )}
        </div>
      )}
    </Card>
  );
}
