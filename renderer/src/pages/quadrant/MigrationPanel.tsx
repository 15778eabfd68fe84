/** Quarter-over-quarter migration between the cells: a 4×4 heat map (plus left / entered) whose cells open the movers. */
import { Alert, Card, Select, Space, Spin, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language, Trace } from '../../../../shared/api/contract';
import type { MigrationView, QuadrantFramework } from '../../../../shared/api/quadrantContract';
import { api } from '../../api/transport';
import { TraceContent } from '../../components/TraceContent';
import { formatCount } from '../../format';
import { localText } from '../../i18n';
import { GroupList } from './GroupList';
import { defaultMigration, hasFilters, periodOptions, type Filters } from './quadrantModel';

/** A neutral grey ramp: zone colours and the money colours mean other things. */
function heat(n: number, max: number): { background: string; color: string } {
  if (n === 0 || max === 0) return { background: '#fafafa', color: '#8c8c8c' };
  const f = Math.sqrt(n / max);
  const l = Math.round(96 - f * 62);
  return { background: `hsl(220, 12%, ${l}%)`, color: l < 60 ? '#fff' : '#262626' };
}

type Picked = { kind: 'cell'; from: number; to: number } | { kind: 'left'; from: number } | { kind: 'entered'; to: number };

export function MigrationPanel({
  framework,
  periods,
  language,
  workspaceKey,
  filters,
}: {
  framework: QuadrantFramework;
  periods: string[];
  language: Language;
  workspaceKey: string;
  /** the snapshot's filters: the matrix and the movers count only the groups that pass */
  filters: Filters;
}) {
  const { t } = useTranslation();
  const initial = useMemo(() => defaultMigration(periods), [periods]);
  const [from, setFrom] = useState(initial?.from ?? '');
  const [to, setTo] = useState(initial?.to ?? '');
  const [data, setData] = useState<MigrationView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [picked, setPicked] = useState<Picked | null>(null);
  const options = useMemo(() => periodOptions(periods), [periods]);
  // a stable object per filter content, so a re-render with equal filters does not fetch again
  const filtersJson = JSON.stringify(filters);
  const filtersKey = useMemo(() => JSON.parse(filtersJson) as Filters, [filtersJson]);

  useEffect(() => {
    if (!from || !to) return;
    let live = true;
    setData(null);
    setError(null);
    setPicked(null);
    api.call('quadrant.migration', hasFilters(filtersKey) ? { framework, from, to, filters: filtersKey } : { framework, from, to }).then(
      (v) => live && setData(v),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [framework, from, to, workspaceKey, filtersKey]);

  if (!initial) return <Alert type="info" showIcon message={t('quadrant.migrationNeedsPeriods')} />;

  const selectOptions = [
    { label: t('quadrant.quarters'), options: options.quarters.map((q) => ({ value: q, label: q })) },
    { label: t('quadrant.months'), options: options.months.map((m) => ({ value: m, label: m })) },
  ];

  const max = data ? [data.counts.flat(), data.leftQuadrant.counts, data.enteredQuadrant.counts].flat().reduce((m, x) => Math.max(m, x), 1) : 1;
  const cellTrace = (d: MigrationView, n: number, what: string): Trace => ({
    rule: { zh: `${what}：${d.trace.rule.zh}`, en: `${what}: ${d.trace.rule.en}` },
    inputs: [{ label: { zh: '集团数', en: 'Groups' }, value: n }, ...d.trace.inputs],
    settings: d.trace.settings,
  });
  const box = (n: number, testId: string, pick: Picked, trace: Trace, diagonal = false) => {
    const active = picked !== null && JSON.stringify(picked) === JSON.stringify(pick);
    return (
      <Tooltip title={<TraceContent trace={trace} language={language} />} color="#fff" styles={{ root: { maxWidth: 460 } }} mouseEnterDelay={0.4}>
        <button
          type="button"
          data-testid={testId}
          data-count={n}
          className="migration-cell"
          onClick={() => setPicked(pick)}
          style={{
            ...heat(n, max),
            width: '100%',
            height: 52,
            border: active ? '2px solid #000' : diagonal ? '1px solid #595959' : '1px solid #f0f0f0',
            borderRadius: 4,
            cursor: 'pointer',
            fontSize: 16,
            fontWeight: 600,
            fontVariantNumeric: 'tabular-nums',
          }}
        >
          {formatCount(n)}
        </button>
      </Tooltip>
    );
  };

  let movers: string[] = [];
  let title = '';
  if (data && picked) {
    const name = (i: number) => (data.cells[i] ? localText(data.cells[i].name, language) : '');
    if (picked.kind === 'cell') {
      movers = data.groups[picked.from]?.[picked.to] ?? [];
      title = `${name(picked.from)} → ${name(picked.to)}`;
    } else if (picked.kind === 'left') {
      movers = data.leftQuadrant.groups[picked.from] ?? [];
      title = `${name(picked.from)} → ${t('quadrant.leftQuadrant')}`;
    } else {
      movers = data.enteredQuadrant.groups[picked.to] ?? [];
      title = `${t('quadrant.enteredQuadrant')} → ${name(picked.to)}`;
    }
  }

  return (
    <div data-testid="migration-panel" style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
      <Card size="small" style={{ flex: '1 1 60%', minWidth: 0 }}>
        <Space wrap style={{ marginBottom: 12 }}>
          <span>{t('quadrant.from')}</span>
          <Select value={from} onChange={setFrom} options={selectOptions} style={{ width: 130 }} data-testid="migration-from" />
          <span>{t('quadrant.to')}</span>
          <Select value={to} onChange={setTo} options={selectOptions} style={{ width: 130 }} data-testid="migration-to" />
          {data && (
            <Tooltip title={<TraceContent trace={data.trace} language={language} />} color="#fff" styles={{ root: { maxWidth: 460 } }}>
              <Typography.Text className="traceable" data-testid="migration-summary" data-filtered={data.filtered ?? ''}>
                {t('quadrant.stayedMoved', { stayed: formatCount(data.stayed), moved: formatCount(data.moved) })}
                {data.from.requested !== data.from.period || data.to.requested !== data.to.period ? ` (${data.from.period} → ${data.to.period})` : ''}
                {data.filtered !== null && ` · ${t('quadrant.migrationFiltered', { count: data.filtered, n: formatCount(data.filtered) })}`}
              </Typography.Text>
            </Tooltip>
          )}
        </Space>
        {error && <Alert type="error" showIcon message={error} />}
        {!data && !error && <Spin style={{ display: 'block', margin: '80px auto' }} />}
        {data && (
          <table className="migration-matrix" data-testid="migration-matrix" style={{ width: '100%', borderCollapse: 'separate', borderSpacing: 4, tableLayout: 'fixed' }}>
            <thead>
              <tr>
                <th style={{ width: 150, textAlign: 'left', fontWeight: 400, color: '#8c8c8c', fontSize: 12 }}>
                  {data.from.period} ↓ &nbsp; {data.to.period} →
                </th>
                {data.cells.map((c) => (
                  <th key={c.position} style={{ fontSize: 13 }}>
                    {localText(c.name, language)}
                  </th>
                ))}
                <th style={{ fontSize: 13, color: '#8c8c8c' }}>{t('quadrant.leftQuadrant')}</th>
              </tr>
            </thead>
            <tbody>
              {data.cells.map((c, i) => (
                <tr key={c.position}>
                  <th style={{ textAlign: 'left', fontSize: 13 }}>{localText(c.name, language)}</th>
                  {data.cells.map((d, j) => (
                    <td key={d.position}>
                      {box(
                        data.counts[i]?.[j] ?? 0,
                        `migration-cell-${c.position}-${d.position}`,
                        { kind: 'cell', from: i, to: j },
                        cellTrace(data, data.counts[i]?.[j] ?? 0, language === 'en' ? `${c.name.en} → ${d.name.en}` : `${c.name.zh} → ${d.name.zh}`),
                        i === j,
                      )}
                    </td>
                  ))}
                  <td>
                    {box(
                      data.leftQuadrant.counts[i] ?? 0,
                      `migration-left-${c.position}`,
                      { kind: 'left', from: i },
                      cellTrace(data, data.leftQuadrant.counts[i] ?? 0, language === 'en' ? `${c.name.en} → not placed (no value or data)` : `${c.name.zh} → 未参与分组（无价值或缺数据）`),
                    )}
                  </td>
                </tr>
              ))}
              <tr>
                <th style={{ textAlign: 'left', fontSize: 13, color: '#8c8c8c' }}>{t('quadrant.enteredQuadrant')}</th>
                {data.cells.map((d, j) => (
                  <td key={d.position}>
                    {box(
                      data.enteredQuadrant.counts[j] ?? 0,
                      `migration-entered-${d.position}`,
                      { kind: 'entered', to: j },
                      cellTrace(data, data.enteredQuadrant.counts[j] ?? 0, language === 'en' ? `not placed → ${d.name.en}` : `未参与分组 → ${d.name.zh}`),
                    )}
                  </td>
                ))}
                <td />
              </tr>
            </tbody>
          </table>
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
          {t('quadrant.migrationHint')}
        </Typography.Paragraph>
      </Card>
      <Card size="small" style={{ flex: '1 1 40%', minWidth: 0 }} title={picked ? `${title} · ${t('quadrant.groupsCount', { count: movers.length })}` : t('quadrant.movers')}>
        {picked && data ? (
          <GroupList testId="movers-list" exportName={t('quadrant.migration')} height={420} rows={movers.map((code) => ({ code, name: data.names[code] ?? code }))} columns={[]} />
        ) : (
          <Typography.Text type="secondary">{t('quadrant.pickMigrationCell')}</Typography.Text>
        )}
      </Card>
    </div>
  );
}
