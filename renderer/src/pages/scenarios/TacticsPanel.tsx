/** Tactics by position as advice cards (where they apply), and 借力 / 陷阱 only as threats to recognise, with the reason. */
import { Card, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import type { QuadrantView } from '../../../../shared/api/quadrantContract';
import type { Tactic } from '../../../../shared/scenarios/types';
import { localText } from '../../i18n';
import { colon, describeFilter, paren } from './scenarioModel';

export function TacticsPanel({ tactics, language, view, compact = false }: { tactics: Tactic[]; language: Language; view: QuadrantView | null; compact?: boolean }) {
  const { t } = useTranslation();
  const cellName = (id: string) => {
    const c = view?.cells.find((x) => x.id === id);
    return c ? localText(c.name, language) : id;
  };
  const sorted = [...tactics].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'advice' ? -1 : 1));
  return (
    <Space direction="vertical" size={8} style={{ width: '100%' }} data-testid="tactics-panel">
      {sorted.map((tc) => (
        <Card key={tc.id} size="small" className={tc.kind === 'threat' ? 'tactic-threat' : 'tactic-card'} data-testid={`tactic-${tc.id}`} data-kind={tc.kind}>
          <Space size={6} wrap>
            <Typography.Text strong>{localText(tc.name, language)}</Typography.Text>
            {tc.kind === 'threat' ? <Tag className="competitor-tag">{t('scenarios.moves.threat')}</Tag> : <Tag color="blue">{t('scenarios.moves.advice')}</Tag>}
          </Space>
          <div style={{ fontSize: 12, marginTop: 4 }}>
            <Typography.Text type="secondary">{t('scenarios.library.when')}{colon(language)}</Typography.Text>
            {localText(tc.when, language)}
            {!compact && <Typography.Text type="secondary">{paren(describeFilter(tc.appliesTo, t, language, cellName), language)}</Typography.Text>}
          </div>
          <div style={{ fontSize: 12, marginTop: 2 }}>
            <Typography.Text type="secondary">{t('scenarios.library.guidance')}{colon(language)}</Typography.Text>
            {localText(tc.guidance, language)}
          </div>
          {tc.kind === 'threat' && tc.reason && (
            <div style={{ fontSize: 12, marginTop: 2, color: '#531dab' }} data-testid={`tactic-reason-${tc.id}`}>
              {t('scenarios.library.reason')}{colon(language)}{localText(tc.reason, language)}
            </div>
          )}
        </Card>
      ))}
    </Space>
  );
}
