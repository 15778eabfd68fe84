/** Step 1: which groups the scenario covers — the whole branch, a quadrant cell, zones, a filter, or a hand-picked list. */
import { DeleteOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Radio, Select, Space, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ZONE_IDS, type ScenarioScope, type ScenarioZone } from '../../../../../shared/scenarios/types';
import { ZoneTag } from '../../../components/ZoneTag';
import { formatCount } from '../../../format';
import { localText } from '../../../i18n';
import { FilterBuilder } from '../FilterBuilder';
import type { StepProps } from './stepProps';
import { useExposurePreview } from './useExposurePreview';

type Kind = ScenarioScope['kind'];
const KINDS: Kind[] = ['branch', 'cell', 'zone', 'filter', 'list'];

export function ScopeStep({ draft, update, language, view }: StepProps) {
  const { t } = useTranslation();
  const scope = draft.scope;
  const setScope = (s: ScenarioScope) => update({ scope: s });
  const { exposure } = useExposurePreview(draft);
  const nameOf = useMemo(() => {
    const m = new Map<string, string>();
    if (view) view.points.codes.forEach((c, i) => m.set(c, view.points.names[i] as string));
    return m;
  }, [view]);

  const changeKind = (k: Kind) => {
    if (k === scope.kind) return;
    if (k === 'branch') setScope({ kind: 'branch' });
    else if (k === 'cell') setScope({ kind: 'cell', framework: 'valueRisk', cell: 'defend' });
    else if (k === 'zone') setScope({ kind: 'zone', zones: ['red', 'yellow'] });
    else if (k === 'filter') setScope({ kind: 'filter', filter: {} });
    else setScope({ kind: 'list', groupCodes: [] });
  };

  return (
    <div className="page" data-testid="step-scope">
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('scenarios.scope.intro')}
      </Typography.Title>
      <Radio.Group value={scope.kind} onChange={(e) => changeKind(e.target.value as Kind)} optionType="button" buttonStyle="solid">
        {KINDS.map((k) => (
          <Radio.Button key={k} value={k}>
            <span data-testid={`scope-kind-${k}`}>{t(`scenarios.scope.${k}`)}</span>
          </Radio.Button>
        ))}
      </Radio.Group>
      <Card size="small">
        {scope.kind === 'branch' && <Typography.Paragraph style={{ margin: 0 }} data-testid="scope-branch-hint">{t('scenarios.scope.branchHint', { count: exposure?.groupsInScope ?? 0, n: formatCount(exposure?.groupsInScope ?? null) })}</Typography.Paragraph>}
        {scope.kind === 'cell' && (
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(4, minmax(0, 1fr))', gap: 8 }}>
            {(view?.cells ?? []).map((c) => (
              <Card
                key={c.id}
                size="small"
                hoverable
                onClick={() => setScope({ kind: 'cell', framework: 'valueRisk', cell: c.id })}
                style={{ borderColor: scope.cell === c.id ? '#1d4ed8' : undefined, borderWidth: scope.cell === c.id ? 2 : 1 }}
                data-testid={`scope-cell-${c.id}`}
              >
                <Typography.Text strong>{localText(c.name, language)}</Typography.Text>
                <div style={{ color: '#8c8c8c', fontSize: 12 }}>
                  {t('quadrant.groupsCount', { count: c.count })} · {localText(c.action, language)}
                </div>
              </Card>
            ))}
          </div>
        )}
        {scope.kind === 'zone' && (
          <Checkbox.Group value={scope.zones} onChange={(v) => setScope({ kind: 'zone', zones: v as ScenarioZone[] })}>
            <Space size={16}>
              {ZONE_IDS.map((z) => (
                <Checkbox key={z} value={z}>
                  <span data-testid={`scope-zone-${z}`}>
                    <ZoneTag zone={z} language={language} />
                  </span>
                </Checkbox>
              ))}
            </Space>
          </Checkbox.Group>
        )}
        {scope.kind === 'filter' && <FilterBuilder value={scope.filter} onChange={(f) => setScope({ kind: 'filter', filter: f })} view={view} language={language} testId="scope-filter" />}
        {scope.kind === 'list' && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space>
              <Select
                showSearch
                value={null}
                placeholder={t('scenarios.scope.search')}
                onChange={(code: string) => {
                  if (!scope.groupCodes.includes(code)) setScope({ kind: 'list', groupCodes: [...scope.groupCodes, code] });
                }}
                options={view ? view.points.codes.filter((c) => !scope.groupCodes.includes(c)).map((c, i) => ({ value: c, label: `${nameOf.get(c) ?? ''} ${c}`, key: i })) : []}
                filterOption={(input, o) => (o?.label ?? '').toLowerCase().includes(input.toLowerCase())}
                style={{ width: 360 }}
                virtual
                data-testid="scope-list-search"
              />
              <Typography.Text>{t('scenarios.scope.picked', { count: scope.groupCodes.length })}</Typography.Text>
              {scope.groupCodes.length > 0 && (
                <Button size="small" onClick={() => setScope({ kind: 'list', groupCodes: [] })}>
                  {t('scenarios.scope.removeAll')}
                </Button>
              )}
            </Space>
            <Table
              size="small"
              rowKey="code"
              pagination={false}
              scroll={{ y: 320 }}
              dataSource={scope.groupCodes.map((code) => ({ code, name: nameOf.get(code) ?? code }))}
              columns={[
                { key: 'name', title: t('quadrant.group'), dataIndex: 'name' },
                { key: 'code', title: t('warnings.code'), dataIndex: 'code', width: 160 },
                {
                  key: 'x',
                  title: '',
                  width: 60,
                  render: (_: unknown, r: { code: string }) => (
                    <Button size="small" type="text" icon={<DeleteOutlined />} onClick={() => setScope({ kind: 'list', groupCodes: scope.groupCodes.filter((c) => c !== r.code) })} />
                  ),
                },
              ]}
            />
          </Space>
        )}
      </Card>
      {exposure && (
        <Alert type="info" showIcon message={t('scenarios.scope.matching', { count: exposure.groupsInScope, n: formatCount(exposure.groupsInScope) })} data-testid="scope-count" data-count={exposure.groupsInScope} />
      )}
    </div>
  );
}
