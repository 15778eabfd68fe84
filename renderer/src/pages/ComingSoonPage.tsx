/** An honest empty state for pages not built yet: says what will be there. */
import { Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export function ComingSoonPage({ page }: { page: 'import' | 'quadrant' | 'warnings' | 'scenarios' | 'review' | 'settings' }) {
  const { t } = useTranslation();
  return (
    <div className="page coming-soon" data-testid={`coming-soon-${page}`}>
      <Empty
        description={
          <>
            <Typography.Title level={4}>{t('empty.comingTitle')}</Typography.Title>
            <Typography.Paragraph type="secondary" style={{ maxWidth: 560, margin: '0 auto' }}>
              {t(`empty.${page}`)}
            </Typography.Paragraph>
          </>
        }
      />
    </div>
  );
}
