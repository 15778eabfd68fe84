/** 行动台账: every action across groups, filtered, bulk status change, export, with outcome and re-check. */
import { Alert, Button, Card, Input, InputNumber, Select, Space, Switch, Table, Tabs, Tag, Typography, message } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiResponse, Language } from '../../../../shared/api/contract';
import type { LedgerRow } from '../../../../shared/api/ledgerContract';
import { CoveragePanel } from './CoveragePanel';
import { EffectivenessPanel } from './EffectivenessPanel';
import { api } from '../../api/transport';
import { downloadBase64 } from '../../download';
import { errorText } from '../../save/errorText';
import { localText } from '../../i18n';
import { trackSave } from '../../save/saveState';
import { useOpenGroup } from '../../components/groupDrawerContext';
import { RecheckText } from '../../components/RecheckText';
import { ZoneTag, zoneName } from '../../components/ZoneTag';

type Ledger = ApiResponse<'ledger.list'>;
type Status = LedgerRow['action']['status'];

const ZONES = ['red', 'yellow', 'blue', 'green', 'white'] as const;

export function LedgerPage({ language, workspaceKey, actionsVersion }: { language: Language; workspaceKey: string; actionsVersion: number }) {
  const { t } = useTranslation();
  const openGroup = useOpenGroup();
  const [data, setData] = useState<Ledger | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [owner, setOwner] = useState<string[]>([]);
  const [status, setStatus] = useState<Status[]>([]);
  const [cause, setCause] = useState<string[]>([]);
  const [zone, setZone] = useState<string[]>([]);
  const [measure, setMeasure] = useState<string[]>([]);
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [bulk, setBulk] = useState<Status>('done');
  const [months, setMonths] = useState<number | null>(null);
  const [chief, setChief] = useState('');
  const [minClosed, setMinClosed] = useState<number | null>(null);
  const [tab, setTab] = useState('ledger');
  const [worked, setWorked] = useState<ApiResponse<'ledger.effectiveness'> | null>(null);
  const [cover, setCover] = useState<ApiResponse<'ledger.coverage'> | null>(null);
  /** the account manager picked in 客户经理覆盖 ('' = no manager), also filtering the ledger */
  const [manager, setManager] = useState<string | null>(null);

  const load = useCallback(() => {
    api.call('ledger.list', {}).then(
      (d) => {
        setData(d);
        setMonths(d.settings.recheckMonths);
        setChief(d.settings.chiefManager);
        setMinClosed(d.settings.minClosed ?? 5);
      },
      (e: unknown) => setError(errorText(e)),
    );
    api.call('ledger.effectiveness', {}).then(setWorked, (e: unknown) => setError(errorText(e)));
  }, []);
  useEffect(load, [load, workspaceKey, actionsVersion]);
  useEffect(() => {
    api.call('ledger.coverage', manager === null ? {} : { manager }).then(setCover, (e: unknown) => setError(errorText(e)));
  }, [manager, workspaceKey, actionsVersion, data]);
  const managerOf = (r: LedgerRow): string => (r.accountManager ?? '').trim();

  const rows = useMemo(
    () =>
      (data?.rows ?? []).filter(
        (r) =>
          (owner.length === 0 || owner.includes(r.owner)) &&
          (status.length === 0 || status.includes(r.action.status)) &&
          (cause.length === 0 || cause.includes(r.action.cause)) &&
          (zone.length === 0 || (r.zone !== null && zone.includes(r.zone))) &&
          (measure.length === 0 || measure.includes(r.action.measure ?? '')) &&
          (!overdueOnly || r.overdue) &&
          (manager === null || managerOf(r) === manager),
      ),
    [data, owner, status, cause, zone, measure, overdueOnly, manager],
  );
  const distinct = (f: (r: LedgerRow) => string) => [...new Set((data?.rows ?? []).map(f))].filter((x) => x !== '').sort();

  const applyBulk = async () => {
    try {
      const r = await trackSave(api.call('ledger.bulkStatus', { ids: selected, status: bulk }));
      void message.success(t('ledger.updated', { count: r.updated }));
      setSelected([]);
      load();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const saveSettings = async () => {
    try {
      await trackSave(api.call('ledger.settings', { settings: { recheckMonths: months ?? 2, chiefManager: chief, minClosed: minClosed ?? 5 } }));
      load();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const outcomeText = (r: LedgerRow) => t(`ledger.outcome_${r.action.outcome ?? 'none'}`);
  const exportXlsx = async () => {
    const recheckCell = (r: LedgerRow): string =>
      r.recheck.status === 'done'
        ? `${zoneName(r.recheck.before?.zone ?? '', language)}→${zoneName(r.recheck.after?.zone ?? '', language)} ${r.recheck.before?.score ?? ''}→${r.recheck.after?.score ?? ''}`
        : r.recheck.status === 'pending'
          ? t('ledger.recheck_pending', { period: r.recheck.checkPeriod ?? '' })
          : t('ledger.recheck_noBase');
    try {
      const file = await api.call('export.table', {
        fileName: `${t('ledger.exportName')}.xlsx`,
        sheetName: t('ledger.title').slice(0, 31),
        columns: [
          { title: t('ledger.group'), kind: 'text' },
          { title: t('ledger.class'), kind: 'text' },
          { title: t('ledger.zoneNow'), kind: 'text' },
          { title: t('ledger.owner'), kind: 'text' },
          { title: t('ledger.cause'), kind: 'text' },
          { title: t('ledger.measure'), kind: 'text' },
          { title: t('ledger.action'), kind: 'text' },
          { title: t('ledger.due'), kind: 'text' },
          { title: t('ledger.status'), kind: 'text' },
          { title: t('ledger.outcome'), kind: 'text' },
          { title: t('ledger.recheck'), kind: 'text' },
          { title: `${t('ledger.recheckValue')} ${t('ledger.recheck')}`, kind: 'percent' },
        ],
        rows: rows.map((r) => [
          `${r.groupName} (${r.action.groupCode})`,
          r.groupClass,
          r.zone ? zoneName(r.zone, language) : null,
          r.owner,
          t(`actions.cause_${r.action.cause}`),
          r.action.measure ?? null,
          r.action.action,
          r.action.due,
          t(`actions.status_${r.action.status}`),
          outcomeText(r),
          recheckCell(r),
          r.recheck.valueChange,
        ]),
      });
      downloadBase64(file.fileName, file.dataBase64);
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <div className="page" data-testid="actions-page">
      <Typography.Title level={3}>{t('ledger.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('ledger.hint', { months: data?.settings.recheckMonths ?? 2 })}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} closable onClose={() => setError(null)} style={{ marginBottom: 12 }} />}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'ledger',
            label: <span data-testid="ledger-tab-ledger">{t('insights.tabLedger')}</span>,
            children: (
              <>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Select mode="multiple" allowClear style={{ minWidth: 150 }} placeholder={t('ledger.filterOwner')} value={owner} onChange={setOwner} options={distinct((r) => r.owner).map((o) => ({ value: o, label: o }))} data-testid="ledger-filter-owner" />
          <Select mode="multiple" allowClear style={{ minWidth: 130 }} placeholder={t('ledger.filterStatus')} value={status} onChange={setStatus} options={(['open', 'done', 'cancelled'] as const).map((s) => ({ value: s, label: t(`actions.status_${s}`) }))} data-testid="ledger-filter-status" />
          <Select mode="multiple" allowClear style={{ minWidth: 130 }} placeholder={t('ledger.filterCause')} value={cause} onChange={setCause} options={(['service', 'competition', 'special'] as const).map((c) => ({ value: c, label: t(`actions.cause_${c}`) }))} />
          <Select mode="multiple" allowClear style={{ minWidth: 130 }} placeholder={t('ledger.filterZone')} value={zone} onChange={setZone} options={ZONES.map((z) => ({ value: z, label: zoneName(z, language) }))} />
          <Select mode="multiple" allowClear style={{ minWidth: 150 }} placeholder={t('ledger.filterMeasure')} value={measure} onChange={setMeasure} options={distinct((r) => r.action.measure ?? '').map((m) => ({ value: m, label: m }))} />
          <Space>
            <Switch checked={overdueOnly} onChange={setOverdueOnly} data-testid="ledger-overdue" />
            {t('ledger.filterOverdue')}
          </Space>
          <Button onClick={() => void exportXlsx()} disabled={rows.length === 0} data-testid="ledger-export">
            {t('ledger.export')}
          </Button>
        </Space>
        <div style={{ marginTop: 8 }}>
          <Space>
            <Typography.Text>{t('ledger.selected', { count: selected.length })}</Typography.Text>
            <Typography.Text>{t('ledger.setStatus')}</Typography.Text>
            <Select<Status> style={{ width: 110 }} value={bulk} onChange={setBulk} options={(['open', 'done', 'cancelled'] as const).map((s) => ({ value: s, label: t(`actions.status_${s}`) }))} data-testid="ledger-bulk-status" />
            <Button type="primary" disabled={selected.length === 0} onClick={() => void applyBulk()} data-testid="ledger-bulk-apply">
              {t('ledger.apply')}
            </Button>
            <Typography.Text type="secondary">{t('ledger.rows', { count: rows.length })}</Typography.Text>
          </Space>
        </div>
      </Card>
      {manager !== null && (
        <Tag closable onClose={() => setManager(null)} color="blue" style={{ marginBottom: 8 }} data-testid="ledger-manager-filter">
          {t('insights.coverage.filterManager', { manager: manager === '' ? t('insights.coverage.noManager') : manager })}
        </Tag>
      )}
      <Table<LedgerRow>
        size="small"
        rowKey={(r) => r.action.id}
        dataSource={rows}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        locale={{ emptyText: t('ledger.empty') }}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) }}
        data-testid="ledger-table"
        rowClassName={(r) => (r.overdue ? 'ledger-overdue' : '')}
        scroll={{ x: 1400 }}
        columns={[
          {
            title: t('ledger.group'),
            // a fixed width: with the other columns fixed, antd gave the name one character and wrote it downwards
            width: 200,
            // the group and its re-check stay in view while the columns between them scroll
            fixed: 'left' as const,
            render: (_: unknown, r) => (
              <Typography.Link onClick={() => openGroup(r.action.groupCode)} data-testid={`ledger-group-${r.action.groupCode}`}>
                {r.groupName}
              </Typography.Link>
            ),
          },
          { title: t('ledger.class'), width: 60, render: (_: unknown, r) => r.groupClass ?? '—' },
          { title: t('ledger.zoneNow'), width: 80, render: (_: unknown, r) => (r.zone ? <ZoneTag zone={r.zone} language={language} /> : '—') },
          {
            title: t('ledger.owner'),
            width: 120,
            render: (_: unknown, r) => (
              <span title={`${t('ledger.ownerRule', { owner: r.ownerByRule || '—' })} · ${t(`ledger.ownerSource_${r.ownerSource}`)}`}>{r.owner || '—'}</span>
            ),
          },
          { title: t('ledger.cause'), width: 100, render: (_: unknown, r) => t(`actions.cause_${r.action.cause}`) },
          { title: t('ledger.action'), width: 240, render: (_: unknown, r) => <span>{r.action.measure ? <Tag data-testid={`ledger-measure-${r.action.id}`}>{r.measureName ? localText(r.measureName, language) : r.action.measure}</Tag> : null}{r.action.action}</span> },
          {
            title: t('ledger.due'),
            width: 120,
            render: (_: unknown, r) => (
              <span>
                {r.action.due ?? '—'} {r.overdue && <Tag color="red">{t('ledger.overdue')}</Tag>}
              </span>
            ),
          },
          { title: t('ledger.status'), width: 80, render: (_: unknown, r) => t(`actions.status_${r.action.status}`) },
          { title: t('ledger.outcome'), width: 90, render: (_: unknown, r) => outcomeText(r) },
          { title: t('ledger.recheck'), width: 260, fixed: 'right' as const, render: (_: unknown, r) => <RecheckText recheck={r.recheck} language={language} /> },
        ]}
      />
              </>
            ),
          },
          {
            key: 'worked',
            label: <span data-testid="ledger-tab-worked">{t('insights.tabWorked')}</span>,
            children: <EffectivenessPanel data={worked} language={language} />,
          },
          {
            key: 'coverage',
            label: <span data-testid="ledger-tab-coverage">{t('insights.tabCoverage')}</span>,
            children: (
              <CoveragePanel
                data={cover}
                language={language}
                selected={manager}
                onSelect={setManager}
                actionsOfSelected={manager === null ? 0 : (data?.rows ?? []).filter((r) => managerOf(r) === manager).length}
                onShowActions={() => setTab('ledger')}
              />
            ),
          },
        ]}
      />
      <Card size="small" title={t('ledger.settings')} style={{ marginTop: 12 }}>
        <Space wrap>
          <span>{t('ledger.recheckMonths')}</span>
          <InputNumber min={1} max={24} value={months} onChange={(v) => setMonths(v)} data-testid="ledger-recheck-months" />
          <span>{t('ledger.chiefManager')}</span>
          <Input style={{ width: 180 }} maxLength={60} value={chief} placeholder={t('ledger.chiefPlaceholder')} onChange={(e) => setChief(e.target.value)} data-testid="ledger-chief" />
          <span>{t('insights.worked.minClosed')}</span>
          <InputNumber min={1} max={100} value={minClosed} onChange={(v) => setMinClosed(v)} data-testid="ledger-min-closed" />
          <Button onClick={() => void saveSettings()} data-testid="ledger-settings-save">
            {t('ledger.saveSettings')}
          </Button>
        </Space>
      </Card>
    </div>
  );
}
