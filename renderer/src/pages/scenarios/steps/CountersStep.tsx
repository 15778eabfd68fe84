/**
 * Step 4: counter-measures per segment and a budget; the backend proposes the allocation
 * (greedy by expected gain per yuan, within the budget) and checks the guardrails. The
 * manager can then adjust it by hand: starting from the proposal, add or remove measures
 * per group and add or drop groups; cost, gain and guardrails follow every change.
 */
import { DeleteOutlined, FilterOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, InputNumber, Modal, Progress, Segmented, Select, Space, Spin, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GroupFilter } from '../../../../../shared/scenarios/types';
import { ZoneTag } from '../../../components/ZoneTag';
import { formatPercent, formatYuan } from '../../../format';
import { localText } from '../../../i18n';
import { GroupList, type ListRow } from '../../quadrant/GroupList';
import { FilterBuilder } from '../FilterBuilder';
import { GuardrailList } from '../GuardrailList';
import { colon, describeFilter, yuan } from '../scenarioModel';
import type { StepProps } from './stepProps';
import { useAllocation } from './useAllocation';
import { useExposurePreview } from './useExposurePreview';

/** "服务升级（专线等级、绿色通道）" → "服务升级": the chips in a table row stay short (the full name is the tooltip). */
function shortName(name: string): string {
  return name.split(/[（(]/)[0]?.trim() || name;
}

export function CountersStep({ draft, update, language, library, view }: StepProps) {
  const { t } = useTranslation();
  const { proposal, loading, error, switchMode, resetToProposal, setGroupMeasures, addGroup } = useAllocation(draft, update);
  const [segmentEdit, setSegmentEdit] = useState<{ index: number; filter: GroupFilter } | null>(null);
  const moveIds = new Set(draft.moves.map((m) => m.moveId));
  const counterName = (id: string) => {
    const c = library.counters.find((x) => x.id === id);
    return c ? localText(c.name, language) : id;
  };
  const cellName = (id: string) => {
    const c = view?.cells.find((x) => x.id === id);
    return c ? localText(c.name, language) : id;
  };

  // measures answering the chosen moves first
  const options = useMemo(() => {
    const answers = (ids: string[]) => ids.length === 0 || ids.some((id) => moveIds.has(id));
    return library.counters
      .filter((c) => !c.disabled)
      .sort((a, b) => Number(answers(b.answers)) - Number(answers(a.answers)))
      .map((c) => ({
        value: c.id,
        label: (
          <span>
            {localText(c.name, language)}{' '}
            {answers(c.answers) && (
              <Tag color="purple" style={{ marginInlineStart: 4 }}>
                {t('scenarios.counters.answers')}
              </Tag>
            )}
          </span>
        ),
        name: localText(c.name, language),
      }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [library, language, draft.moves, t]);

  const names = new Map((proposal?.allocation.funded ?? []).map((f) => [f.groupCode, f.groupName]));
  const byMeasure = new Map((proposal?.allocation.byMeasure ?? []).map((m) => [m.measureId, m]));
  const allocation = proposal?.allocation;
  const manualMode = draft.allocation === 'manual';
  const sep = language === 'en' ? ', ' : '、';

  // By hand: the exposed groups (to add one) and the measures chosen above (to pick per group).
  const { exposure } = useExposurePreview(draft, manualMode);
  const exposedByCode = useMemo(() => new Map((exposure?.rows ?? []).map((r) => [r.groupCode, r])), [exposure]);
  const chosenMeasureIds = [...new Set(draft.counters.map((c) => c.measureId))];
  const fundedByCode = new Map((allocation?.funded ?? []).map((f) => [f.groupCode, f]));

  // by hand: the stored choice, with cost and gain where the backend funds it; else the proposal
  const listed = manualMode ? draft.manual : (allocation?.funded ?? []);
  const fundedRows: ListRow[] = listed.map((m) => {
    const f = fundedByCode.get(m.groupCode);
    const e = exposedByCode.get(m.groupCode);
    return {
      code: m.groupCode,
      name: f?.groupName ?? e?.groupName ?? m.groupCode,
      zone: f?.zone ?? e?.zone ?? null,
      measures: m.measureIds.map(counterName).join(sep),
      cost: Math.round(f?.cost ?? 0),
      expectedGain: Math.round(f?.expectedGain ?? 0),
    };
  });
  const manualChoice = new Map(draft.manual.map((m) => [m.groupCode, m.measureIds]));
  const addOptions = (exposure?.rows ?? [])
    .filter((r) => !manualChoice.has(r.groupCode))
    .map((r) => ({ value: r.groupCode, label: `${r.groupName} ${r.groupCode}`, search: `${r.groupName} ${r.groupCode}`.toLowerCase() }));
  // a click inside an editor must not open the group drawer (the row's click)
  const stop = (e: React.MouseEvent) => e.stopPropagation();

  return (
    <div className="page" data-testid="step-counters">
      <Typography.Text type="secondary">{t('scenarios.counters.intro')}</Typography.Text>
      <div className="two-col">
        <div className="page">
        <Card size="small" title={t('scenarios.counters.measures')}>
          {draft.counters.length === 0 && <Alert type="info" showIcon message={t('scenarios.counters.noCounters')} style={{ marginBottom: 8 }} />}
          <Table
            size="small"
            rowKey={(_, i) => String(i)}
            pagination={false}
            dataSource={draft.counters.map((c, i) => ({ ...c, i }))}
            onRow={(r) => ({ 'data-testid': `counter-row-${r.measureId}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              {
                key: 'measure',
                title: t('scenarios.counters.measure'),
                render: (_: unknown, r) => {
                  const c = library.counters.find((x) => x.id === r.measureId);
                  const unused = byMeasure.get(r.measureId)?.unused ?? null;
                  return (
                    <div>
                      <Typography.Text strong>{counterName(r.measureId)}</Typography.Text>
                      {c && (
                        <div className="range-line">
                          {t('scenarios.counters.costRule', { perGroup: yuan(c.cost.perGroup), share: formatPercent(c.cost.revenueShare), oneOff: yuan(c.cost.oneOff) })} · {t('scenarios.counters.leadMonths', { n: c.leadMonths })}
                        </div>
                      )}
                      {unused && (
                        <Typography.Text type="warning" style={{ fontSize: 12, display: 'block' }} data-testid={`counter-unused-${r.measureId}`}>
                          {t('scenarios.counters.fundsNothing')}
                          {colon(language)}
                          {localText(unused, language)}
                        </Typography.Text>
                      )}
                    </div>
                  );
                },
              },
              {
                key: 'segment',
                title: t('scenarios.counters.segment'),
                width: 220,
                render: (_: unknown, r) => (
                  <Button size="small" type="link" icon={<FilterOutlined />} onClick={() => setSegmentEdit({ index: r.i, filter: r.segment ?? {} })} style={{ whiteSpace: 'normal', textAlign: 'left', height: 'auto' }}>
                    {r.segment === null ? t('scenarios.counters.segmentAll') : describeFilter(r.segment, t, language, cellName)}
                  </Button>
                ),
              },
              {
                key: 'funded',
                title: t('scenarios.counters.funded'),
                align: 'right',
                width: 80,
                render: (_: unknown, r) => <span data-testid={`counter-funded-${r.measureId}`}>{byMeasure.get(r.measureId)?.groups ?? 0}</span>,
              },
              {
                key: 'x',
                title: '',
                width: 44,
                render: (_: unknown, r) => <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('scenarios.counters.remove')} onClick={() => update({ counters: draft.counters.filter((_c, j) => j !== r.i) })} />,
              },
            ]}
          />
          <Space style={{ marginTop: 8 }}>
            <PlusOutlined />
            <Select
              showSearch
              value={null}
              placeholder={t('scenarios.counters.add')}
              options={options}
              onChange={(id: string) => update({ counters: [...draft.counters, { measureId: id, segment: null }] })}
              filterOption={(input, o) => String((o as { name?: string } | undefined)?.name ?? '').toLowerCase().includes(input.toLowerCase())}
              style={{ width: 380 }}
              data-testid="counter-add"
            />
          </Space>
        </Card>
      {(manualMode || (allocation && allocation.funded.length > 0)) && (
        <Card size="small" title={`${t('scenarios.counters.funded')} · ${t('quadrant.groupsCount', { count: fundedRows.length })}`}>
          <GroupList
            testId="funded-list"
            exportName={`${t('scenarios.counters.proposal')}-${draft.name}`}
            height={360}
            rows={fundedRows}
            columns={[
              { key: 'zone', title: t('scenarios.exposure.zone'), width: manualMode ? 60 : 76, render: (r) => (r.zone ? <ZoneTag zone={String(r.zone)} language={language} /> : null) },
              manualMode
                ? {
                    key: 'measures',
                    title: t('scenarios.counters.measures'),
                    width: 170,
                    render: (r) => {
                      const ids = manualChoice.get(r.code) ?? [];
                      return (
                        <span onClick={stop} className="manual-measures" data-testid={`manual-measures-${r.code}`}>
                          {chosenMeasureIds.map((id) => (
                            <Tooltip key={id} title={counterName(id)} mouseEnterDelay={0.4}>
                              <Tag.CheckableTag
                                checked={ids.includes(id)}
                                onChange={(on) => setGroupMeasures(r.code, on ? [...ids, id] : ids.filter((x) => x !== id))}
                                data-testid={`manual-measure-${r.code}-${id}`}
                              >
                                {shortName(counterName(id))}
                              </Tag.CheckableTag>
                            </Tooltip>
                          ))}
                        </span>
                      );
                    },
                  }
                : { key: 'measures', title: t('scenarios.counters.measures'), width: 170 },
              { key: 'cost', title: t('scenarios.counters.cost'), align: 'right', width: manualMode ? 90 : 100, render: (r) => yuan(r.cost as number) },
              { key: 'expectedGain', title: t('scenarios.counters.gain'), align: 'right', width: manualMode ? 116 : 130, render: (r) => yuan(r.expectedGain as number) },
              ...(manualMode
                ? [
                    {
                      key: 'drop',
                      title: '',
                      width: 40,
                      render: (r: ListRow) => (
                        <span onClick={stop}>
                          <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('scenarios.counters.removeGroup')} title={t('scenarios.counters.removeGroup')} onClick={() => setGroupMeasures(r.code, [])} data-testid={`manual-drop-${r.code}`} />
                        </span>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          {manualMode && (
            <Space style={{ marginTop: 8 }}>
              <PlusOutlined />
              <Select
                showSearch
                value={null}
                placeholder={t('scenarios.counters.addGroup')}
                options={addOptions}
                disabled={chosenMeasureIds.length === 0}
                onChange={(code: string) => addGroup(code)}
                filterOption={(input, o) => String((o as { search?: string } | undefined)?.search ?? '').includes(input.toLowerCase())}
                style={{ width: 380 }}
                data-testid="manual-add-group"
              />
            </Space>
          )}
        </Card>
      )}
        </div>
        <Card size="small" title={t('scenarios.counters.proposal')} extra={loading && <Spin size="small" />}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Segmented<'auto' | 'manual'>
              value={draft.allocation}
              onChange={switchMode}
              options={[
                { value: 'auto', label: t('scenarios.counters.modeAuto') },
                { value: 'manual', label: t('scenarios.counters.modeManual') },
              ]}
              data-testid="allocation-mode"
            />
            {manualMode && (
              <Space wrap>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('scenarios.counters.manualHint')}
                </Typography.Text>
                <Button size="small" onClick={() => void resetToProposal()} data-testid="manual-reset">
                  {t('scenarios.counters.resetToProposal')}
                </Button>
              </Space>
            )}
            <Space wrap>
              <span>{t('scenarios.counters.budget')}</span>
              <InputNumber<number>
                min={0}
                max={1e11}
                step={50_000}
                value={draft.budget}
                onChange={(v) => update({ budget: v ?? 0 })}
                formatter={(v) => (v === undefined ? '' : formatYuan(Number(v)))}
                parser={(s) => Number((s ?? '').replace(/[^\d.]/g, '')) || 0}
                style={{ width: 180 }}
                data-testid="counter-budget"
              />
            </Space>
            <Space>
              <Switch size="small" checked={draft.spendOnGreen} onChange={(v) => update({ spendOnGreen: v })} data-testid="counter-spend-green" />
              <Typography.Text style={{ fontSize: 13 }}>{t('scenarios.counters.spendOnGreen')}</Typography.Text>
            </Space>
            {error && <Alert type="error" showIcon message={error} />}
            {allocation && (
              <>
                <div data-testid="allocation-summary" data-total={allocation.totalCost} data-budget={allocation.budget} data-funded={allocation.funded.length}>
                  <Typography.Text>
                    {t('scenarios.counters.totalCost')} <b>{yuan(allocation.totalCost)}</b> / {yuan(allocation.budget)} · {t('scenarios.counters.funded')} <b>{allocation.funded.length}</b>
                  </Typography.Text>
                  <Progress percent={allocation.budget > 0 ? Math.min(100, Math.round((allocation.totalCost / allocation.budget) * 1000) / 10) : 0} status={allocation.totalCost > allocation.budget ? 'exception' : 'normal'} size="small" />
                </div>
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }} data-testid="allocation-method">
                  <b>{t('scenarios.counters.method')}{colon(language)}</b>
                  {localText(allocation.method, language)}
                </Typography.Paragraph>
                {allocation.skipped.length > 0 && (
                  <Alert
                    type="info"
                    showIcon
                    data-testid="allocation-skipped"
                    message={t('scenarios.counters.skippedTitle', { count: allocation.skipped.length })}
                    description={
                      <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                        {allocation.skipped.slice(0, 8).map((s) => (
                          <li key={`${s.groupCode}:${s.measureId}`}>
                            {exposedByCode.get(s.groupCode)?.groupName ?? s.groupCode} · {counterName(s.measureId)}{colon(language)}
                            {localText(s.reason, language)}
                          </li>
                        ))}
                      </ul>
                    }
                  />
                )}
              </>
            )}
            {proposal && (
              <>
                <Typography.Text strong>{t('scenarios.counters.guardrails')}</Typography.Text>
                <GuardrailList guardrails={proposal.guardrails} language={language} testId="counter-guardrails" names={names} />
              </>
            )}
          </Space>
        </Card>
      </div>
      <Modal
        open={segmentEdit !== null}
        width={860}
        title={t('scenarios.counters.segmentEdit')}
        onCancel={() => setSegmentEdit(null)}
        onOk={() => {
          if (!segmentEdit) return;
          const seg = Object.keys(segmentEdit.filter).length === 0 ? null : segmentEdit.filter;
          update({ counters: draft.counters.map((c, j) => (j === segmentEdit.index ? { ...c, segment: seg } : c)) });
          setSegmentEdit(null);
        }}
        destroyOnHidden
      >
        {segmentEdit && <FilterBuilder value={segmentEdit.filter} onChange={(f) => setSegmentEdit({ ...segmentEdit, filter: f })} view={view} language={language} testId="segment-filter" />}
      </Modal>
    </div>
  );
}
