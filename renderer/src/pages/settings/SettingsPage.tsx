/** 设置: analysis settings and the import mapping templates. */
import { Card, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import { AnalysisSettingsPanel } from './AnalysisSettingsPanel';
import { TemplatesPanel } from './TemplatesPanel';

export function SettingsPage({ language }: { language: Language }) {
  const { t } = useTranslation();
  return (
    <div className="page" data-testid="settings-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('nav.settings')}
      </Typography.Title>
      <Card size="small">
        <Tabs
          items={[
            { key: 'analysis', label: t('settingsAnalysis.tab'), children: <AnalysisSettingsPanel language={language} /> },
            { key: 'templates', label: t('settings.templates'), children: <TemplatesPanel language={language} /> },
          ]}
        />
      </Card>
    </div>
  );
}
