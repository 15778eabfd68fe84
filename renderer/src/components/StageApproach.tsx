/** A lifecycle stage's recommended approach (docs/domain.md §5, seed 004): the aim in one line, then the steps. */
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/api/contract';
import type { StageApproachView } from '../../../shared/api/analysisContract';
import { localText } from '../i18n';

export function StageApproach({ approach, language, testId, compact = false }: { approach: StageApproachView; language: Language; testId: string; compact?: boolean }) {
  const { t } = useTranslation();
  const label = localText(approach.label, language);
  return (
    <div className="stage-approach" data-testid={testId} data-stage={approach.stage}>
      {!compact && (
        <Typography.Text strong className="stage-approach-title">
          {t('detail.stageApproach', { stage: language === 'en' ? label.toLowerCase() : label })}
        </Typography.Text>
      )}
      <div className="stage-approach-summary">{localText(approach.summary, language)}</div>
      <ol className="stage-approach-steps">
        {approach.steps.map((s, i) => (
          <li key={i}>{localText(s, language)}</li>
        ))}
      </ol>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('detail.stageSource')}
        {language === 'en' ? ': ' : '：'}
        {localText(approach.source, language)}
      </Typography.Text>
    </div>
  );
}
