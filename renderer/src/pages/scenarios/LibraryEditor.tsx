/**
 * The library as data: competitor moves and counter-measures (create, edit, clone,
 * disable, reset to shipped) and the tactics cards. Edits are stored in the workspace.
 */
import { Button, Popconfirm, Space, Table, Tabs, Tag, Typography, message } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import { SHIPPED_COUNTERS, SHIPPED_MOVES, uniqueLibraryId } from '../../../../shared/scenarios/library';
import type { CompetitorMove, CounterMeasure, Range3, ScenarioLibrary } from '../../../../shared/scenarios/types';
import { api } from '../../api/transport';
import { formatPercent } from '../../format';
import { localText } from '../../i18n';
import { LibraryItemDrawer, type Editing } from './LibraryItemDrawer';
import { usePortfolioView } from './portfolioFacets';
import { describeFilter, paren, yuan } from './scenarioModel';
import { TacticsPanel } from './TacticsPanel';
import { HistoryCell } from './HistoryCell';
import type { ApiResponse } from '../../../../shared/api/contract';

const range = (r: Range3) => `${formatPercent(r.low)} / ${formatPercent(r.likely)} / ${formatPercent(r.high)}`;

/** JSON with sorted keys, so two items compare by content whatever order their fields arrived in. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** A shipped item the user changed (disabling alone is shown by its own tag). */
function isEdited(item: { id: string }, shipped: readonly { id: string }[]): boolean {
  const s = shipped.find((x) => x.id === item.id);
  return s !== undefined && stable({ ...s, disabled: false }) !== stable({ ...item, disabled: false });
}

export function LibraryEditor({ library, language, workspaceKey, onChanged }: { library: ScenarioLibrary; language: Language; workspaceKey: string; onChanged: (l: ScenarioLibrary) => void }) {
  const { t } = useTranslation();
  const { view } = usePortfolioView(workspaceKey);
  const [editing, setEditing] = useState<Editing | null>(null);
  /** 什么管用 over the branch's own closed actions: "your history" beside the shipped ranges */
  const [history, setHistory] = useState<ApiResponse<'ledger.effectiveness'> | null>(null);
  useEffect(() => {
    api.call('ledger.effectiveness', {}).then(setHistory, () => setHistory(null));
  }, [workspaceKey]);
  const cellName = (id: string) => {
    const c = view?.cells.find((x) => x.id === id);
    return c ? localText(c.name, language) : id;
  };

  const call = async (p: Promise<ScenarioLibrary>): Promise<boolean> => {
    try {
      onChanged(await p);
      return true;
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
      return false;
    }
  };
  const saveItem = (kind: 'move' | 'counter', item: CompetitorMove | CounterMeasure) =>
    call(kind === 'move' ? api.call('scenario.library.save', { kind, item: item as CompetitorMove }) : api.call('scenario.library.save', { kind, item: item as CounterMeasure }));
  const clone = async (kind: 'move' | 'counter', id: string) => {
    try {
      const r = await api.call('scenario.library.clone', { kind, id });
      onChanged(r.library);
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };

  const tags = (item: { shipped: boolean; disabled: boolean; id: string }, shipped: readonly { id: string }[]) => (
    <>
      {item.shipped ? <Tag>{t('scenarios.library.shipped')}</Tag> : <Tag color="blue">{t('scenarios.library.custom')}</Tag>}
      {item.shipped && isEdited(item, shipped) && <Tag color="orange">{t('scenarios.library.edited')}</Tag>}
      {item.disabled && <Tag color="default">{t('scenarios.library.disabled')}</Tag>}
    </>
  );
  const actions = (kind: 'move' | 'counter', item: CompetitorMove | CounterMeasure) => (
    <Space size={0} wrap>
      <Button size="small" type="link" onClick={() => setEditing({ kind, item, isNew: false } as Editing)} data-testid={`lib-edit-${item.id}`}>
        {t('scenarios.library.edit')}
      </Button>
      <Button size="small" type="link" onClick={() => void clone(kind, item.id)} data-testid={`lib-clone-${item.id}`}>
        {t('scenarios.library.clone')}
      </Button>
      <Button size="small" type="link" onClick={() => void saveItem(kind, { ...item, disabled: !item.disabled })} data-testid={`lib-disable-${item.id}`}>
        {item.disabled ? t('scenarios.library.enable') : t('scenarios.library.disable')}
      </Button>
      {item.shipped && (item.disabled || isEdited(item, kind === 'move' ? SHIPPED_MOVES : SHIPPED_COUNTERS)) && (
        <Popconfirm title={t('scenarios.library.resetConfirm', { name: localText(item.name, language) })} onConfirm={() => void call(api.call('scenario.library.reset', { kind, id: item.id }))}>
          <Button size="small" type="link" data-testid={`lib-reset-${item.id}`}>
            {t('scenarios.library.reset')}
          </Button>
        </Popconfirm>
      )}
      {!item.shipped && (
        <Popconfirm title={t('scenarios.list.deleteConfirm', { name: localText(item.name, language) })} onConfirm={() => void call(api.call('scenario.library.reset', { kind, id: item.id }))}>
          <Button size="small" type="link" danger data-testid={`lib-delete-${item.id}`}>
            {t('scenarios.list.delete')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );

  const newMove = (): CompetitorMove => ({
    id: uniqueLibraryId(library, 'custom-move'),
    name: { zh: '', en: '' },
    description: { zh: '', en: '' },
    basis: { zh: '', en: '' },
    exposes: {},
    lossProbability: { low: 0.05, likely: 0.1, high: 0.2 },
    diversionShare: { low: 0.05, likely: 0.1, high: 0.2 },
    shipped: false,
    disabled: false,
  });
  const newCounter = (): CounterMeasure => ({
    id: uniqueLibraryId(library, 'custom-measure'),
    name: { zh: '', en: '' },
    description: { zh: '', en: '' },
    basis: { zh: '', en: '' },
    fits: {},
    cost: { perGroup: 2000, revenueShare: 0, oneOff: 0 },
    lossReduction: { low: 0.1, likely: 0.2, high: 0.3 },
    diversionReduction: { low: 0.1, likely: 0.2, high: 0.3 },
    leadMonths: 1,
    answers: [],
    discountShare: null,
    shipped: false,
    disabled: false,
  });

  const moveName = (id: string) => {
    const m = library.moves.find((x) => x.id === id);
    return m ? localText(m.name, language) : id;
  };

  return (
    <div data-testid="library-editor">
      <Tabs
        size="small"
        items={[
          {
            key: 'moves',
            label: <span data-testid="lib-tab-moves">{t('scenarios.library.moves')}</span>,
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Button onClick={() => setEditing({ kind: 'move', item: newMove(), isNew: true })} data-testid="lib-new-move">
                  {t('scenarios.library.new')}
                </Button>
                <Table<CompetitorMove>
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={library.moves}
                  rowClassName={(r) => (r.disabled ? 'row-disabled' : '')}
                  onRow={(r) => ({ 'data-testid': `lib-move-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
                  columns={[
                    {
                      key: 'name',
                      title: t('scenarios.library.name'),
                      width: 280,
                      render: (_: unknown, r) => (
                        <div>
                          <Typography.Text strong>{localText(r.name, language)}</Typography.Text> {tags(r, SHIPPED_MOVES)}
                          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }} ellipsis={{ rows: 2, tooltip: localText(r.description, language) }}>
                            {localText(r.description, language)}
                          </Typography.Paragraph>
                        </div>
                      ),
                    },
                    { key: 'exposes', title: t('scenarios.moves.exposes'), render: (_: unknown, r) => <span style={{ fontSize: 12 }}>{describeFilter(r.exposes, t, language, cellName)}</span> },
                    { key: 'loss', title: `${t('scenarios.moves.loss')}${paren(t('scenarios.moves.lowLikelyHigh'), language)}`, width: 170, render: (_: unknown, r) => <span className="range-line">{range(r.lossProbability)}</span> },
                    { key: 'div', title: `${t('scenarios.moves.diversion')}${paren(t('scenarios.moves.lowLikelyHigh'), language)}`, width: 170, render: (_: unknown, r) => <span className="range-line">{range(r.diversionShare)}</span> },
                    { key: 'actions', title: '', width: 230, render: (_: unknown, r) => actions('move', r) },
                  ]}
                />
              </Space>
            ),
          },
          {
            key: 'counters',
            label: <span data-testid="lib-tab-counters">{t('scenarios.library.counters')}</span>,
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Button onClick={() => setEditing({ kind: 'counter', item: newCounter(), isNew: true })} data-testid="lib-new-counter">
                  {t('scenarios.library.new')}
                </Button>
                <Table<CounterMeasure>
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={library.counters}
                  rowClassName={(r) => (r.disabled ? 'row-disabled' : '')}
                  onRow={(r) => ({ 'data-testid': `lib-counter-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
                  columns={[
                    {
                      key: 'name',
                      title: t('scenarios.library.name'),
                      width: 260,
                      render: (_: unknown, r) => (
                        <div>
                          <Typography.Text strong>{localText(r.name, language)}</Typography.Text> {tags(r, SHIPPED_COUNTERS)}
                          <div style={{ fontSize: 12, color: '#8c8c8c' }}>{describeFilter(r.fits, t, language, cellName)}</div>
                        </div>
                      ),
                    },
                    {
                      key: 'cost',
                      title: t('scenarios.counters.cost'),
                      width: 170,
                      render: (_: unknown, r) => <span className="range-line">{t('scenarios.counters.costRule', { perGroup: yuan(r.cost.perGroup), share: formatPercent(r.cost.revenueShare), oneOff: yuan(r.cost.oneOff) })}</span>,
                    },
                    { key: 'loss', title: t('scenarios.library.lossReduction'), width: 150, render: (_: unknown, r) => <span className="range-line">{range(r.lossReduction)}</span> },
                    { key: 'history', title: t('insights.history.title'), width: 150, render: (_: unknown, r) => <HistoryCell id={r.id} history={history} language={language} /> },
                    { key: 'lead', title: t('scenarios.library.leadMonths'), width: 80, align: 'right', render: (_: unknown, r) => r.leadMonths },
                    { key: 'answers', title: t('scenarios.counters.answers'), render: (_: unknown, r) => <span style={{ fontSize: 12 }}>{r.answers.length === 0 ? t('scenarios.library.anyMove') : r.answers.map(moveName).join(language === 'en' ? ', ' : '、')}</span> },
                    { key: 'actions', title: '', width: 230, render: (_: unknown, r) => actions('counter', r) },
                  ]}
                />
              </Space>
            ),
          },
          {
            key: 'tactics',
            label: <span data-testid="lib-tab-tactics">{t('scenarios.library.tactics')}</span>,
            children: (
              <div style={{ maxWidth: 900 }}>
                <TacticsPanel tactics={library.tactics} language={language} view={view} />
              </div>
            ),
          },
        ]}
      />
      <LibraryItemDrawer
        editing={editing}
        library={library}
        language={language}
        view={view}
        onClose={() => setEditing(null)}
        onSave={async (e) => {
          if (await saveItem(e.kind, e.item)) setEditing(null);
        }}
      />
    </div>
  );
}
