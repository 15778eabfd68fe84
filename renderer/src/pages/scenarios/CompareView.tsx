/** 2–4 saved scenarios side by side: the outcome table and their revenue fans; mark one as the plan. */
import { Alert, Button, Card, Select, Space, Spin, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import type { CompareItem, ScenarioListItem } from '../../../../shared/api/scenarioContract';
import { api } from '../../api/transport';
import { FanChart, type FanSeries } from './FanChart';
import { OutcomeTable, type OutcomeColumn } from './OutcomeTable';

const COLOURS = ['#1d4ed8', '#13a8a8', '#722ed1', '#d46b08'];

export function CompareView({ items, ids, onIds, language, onPlanChanged, fixedFirst }: { items: ScenarioListItem[]; ids: string[]; onIds: (ids: string[]) => void; language: Language; onPlanChanged: () => void; fixedFirst?: string }) {
  const { t } = useTranslation();
  const [data, setData] = useState<CompareItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const key = ids.join(',');

  useEffect(() => {
    const list = key === '' ? [] : key.split(',');
    if (list.length < 2) {
      setData(null);
      return;
    }
    let live = true;
    setError(null);
    setData(null);
    api.call('scenario.compare', { ids: list }).then(
      (r) => live && setData(r.items),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [key, version]);

  const markPlan = async (id: string) => {
    await api.call('scenario.setPlan', { id, isPlan: true });
    setVersion((v) => v + 1);
    onPlanChanged();
  };

  const columns: OutcomeColumn[] = useMemo(() => {
    if (!data || data.length === 0) return [];
    const first = data[0] as CompareItem;
    return [
      { key: 'none', title: t('scenarios.results.doNothing'), outcome: first.doNothing },
      ...data.map((d) => ({
        key: d.id,
        title: (
          <Space direction="vertical" size={2} align="end">
            <span>{d.name}</span>
            {d.isPlan ? (
              <Tag color="gold" style={{ marginInlineEnd: 0 }}>
                {t('scenarios.results.isPlan')}
              </Tag>
            ) : (
              <Button size="small" onClick={() => void markPlan(d.id)} data-testid={`compare-plan-${d.id}`}>
                {t('scenarios.compare.markPlan')}
              </Button>
            )}
          </Space>
        ),
        outcome: d.plan,
      })),
    ];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, t]);

  const fan = useMemo(() => {
    if (!data || data.length === 0) return null;
    const first = data[0] as CompareItem;
    const series: FanSeries[] = [
      { name: t('scenarios.results.doNothing'), colour: '#8c8c8c', dashed: true, p10: first.fan.doNothing.p10, p50: first.fan.doNothing.p50, p90: first.fan.doNothing.p90 },
      ...data.map((d, i) => ({ name: d.name, colour: COLOURS[i % COLOURS.length] as string, p10: d.fan.plan.p10, p50: d.fan.plan.p50, p90: d.fan.plan.p90 })),
    ];
    // horizons may differ: show the longest
    const months = data.reduce((a, d) => (d.fan.months.length > a.length ? d.fan.months : a), first.fan.months);
    return { months, series };
  }, [data, t]);

  return (
    <div className="page" data-testid="compare-view">
      <Select
        mode="multiple"
        value={ids}
        onChange={(v: string[]) => onIds(fixedFirst ? [fixedFirst, ...v.filter((x) => x !== fixedFirst)].slice(0, 4) : v.slice(0, 4))}
        options={items.map((s) => ({ value: s.id, label: s.name, disabled: s.id === fixedFirst }))}
        placeholder={t('scenarios.compare.pick')}
        style={{ width: '100%', maxWidth: 720 }}
        data-testid="compare-pick"
      />
      {error && <Alert type="error" showIcon message={error} />}
      {ids.length < 2 ? (
        <Alert type="info" showIcon message={t('scenarios.compare.need')} />
      ) : !data ? (
        !error && <Spin style={{ display: 'block', margin: 40 }} />
      ) : (
        <>
          <Card size="small" title={t('scenarios.compare.title')}>
            <OutcomeTable columns={columns} language={language} full={false} testId="compare-table" />
          </Card>
          {fan && (
            <Card size="small" title={t('scenarios.compare.fan')}>
              <FanChart months={fan.months} series={fan.series} language={language} height={340} testId="compare-fan" exportName={t('scenarios.compare.title')} />
            </Card>
          )}
        </>
      )}
    </div>
  );
}
