/** Guardrail warnings on a scenario: money on green groups, a discount deeper than the margin, a long payback, over budget. */
import { Alert, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import type { Guardrail } from '../../../../shared/scenarios/types';
import { useOpenGroup } from '../../components/groupDrawerContext';
import { localText } from '../../i18n';
import { paren, yuan } from './scenarioModel';

const SHOW_CODES = 6;

export function GuardrailList({ guardrails, language, testId, names }: { guardrails: Guardrail[]; language: Language; testId: string; names?: ReadonlyMap<string, string> }) {
  const { t } = useTranslation();
  const openGroup = useOpenGroup();
  if (guardrails.length === 0) return <Alert type="success" showIcon message={t('scenarios.results.noGuardrails')} data-testid={testId} data-count={0} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid={testId} data-count={guardrails.length}>
      {guardrails.map((g, i) => (
        <Alert
          key={`${g.kind}-${i}`}
          type={g.kind === 'over-budget' || g.kind === 'discount-over-margin' ? 'error' : 'warning'}
          showIcon
          data-testid={`${testId}-${g.kind}`}
          message={
            <div>
              <div>
                {localText(g.message, language)}
                {g.amount !== null && <Typography.Text type="secondary">{paren(`${yuan(g.amount)} ${language === 'en' ? 'yuan' : '元'}`, language)}</Typography.Text>}
              </div>
              {g.groupCodes.length > 0 && (
                <Space size={[10, 0]} wrap style={{ fontSize: 12 }}>
                  {g.groupCodes.slice(0, SHOW_CODES).map((c) => (
                    <Typography.Link key={c} onClick={() => openGroup(c)}>
                      {names?.get(c) ?? c}
                    </Typography.Link>
                  ))}
                  {g.groupCodes.length > SHOW_CODES && <Typography.Text type="secondary">+{g.groupCodes.length - SHOW_CODES}</Typography.Text>}
                </Space>
              )}
            </div>
          }
        />
      ))}
    </Space>
  );
}
