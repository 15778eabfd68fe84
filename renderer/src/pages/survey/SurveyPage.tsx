/**
 * 满意度调查: the importance × satisfaction matrix of the imported survey (seed 001), branch-wide or of one
 * group, per survey wave. The four named cells with their factors, the scatter with the split lines, and
 * every factor's means with their traces; an import hint when no survey is imported.
 */
import { Alert, Button, Card, Empty, Popover, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language, Trace } from '../../../../shared/api/contract';
import type { SurveyMatrixView, SurveyView } from '../../../../shared/api/surveyContract';
import { SURVEY_CELL_COLOURS, SURVEY_CELLS, type SurveyCellId } from '../../../../shared/analytics/surveyMatrix';
import { ApiCallError } from '../../../../shared/api/client';
import { api } from '../../api/transport';
import { EChart } from '../../charts/EChart';
import { TraceContent } from '../../components/TraceContent';
import { formatCount, formatDecimal } from '../../format';
import { localText } from '../../i18n';
import { surveyChartOption } from './surveyChart';

const BRANCH = '__branch';

/** A number (or text) that opens its trace on hover or click. */
function Traced({ trace, language, title, children, testId, value }: { trace: Trace; language: Language; title?: string; children: React.ReactNode; testId?: string; value?: number | string }) {
  return (
    <Popover content={<TraceContent trace={trace} language={language} />} title={title} trigger={['hover', 'click']} styles={{ root: { maxWidth: 480 } }}>
      <Typography.Text className="traceable" data-testid={testId} data-value={value}>
        {children}
      </Typography.Text>
    </Popover>
  );
}

export function SurveyPage({ language, workspaceKey, onImport }: { language: Language; workspaceKey: string; onImport: () => void }) {
  const { t } = useTranslation();
  const [groupCode, setGroupCode] = useState<string | null>(null);
  const [wave, setWave] = useState<string | undefined>(undefined);
  const [view, setView] = useState<SurveyView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [highlight, setHighlight] = useState<string | null>(null);
  /** the header's scope title ('' = the whole workspace): "branch-wide" is then every group in that scope */
  const [scopeLabel, setScopeLabel] = useState('');
  // another workspace or header scope: the chosen group may not be in it, and its waves may differ
  const [shownFor, setShownFor] = useState(workspaceKey);
  if (shownFor !== workspaceKey) {
    setShownFor(workspaceKey);
    setGroupCode(null);
    setWave(undefined);
  }

  useEffect(() => {
    let live = true;
    setError(null);
    api.call('survey.view', { groupCode, ...(wave ? { period: wave } : {}) }).then(
      (v) => {
        if (live) setView(v);
      },
      (e: unknown) => {
        if (live) setError(e instanceof ApiCallError ? localText(e.error.message, language) : String(e));
      },
    );
    api.call('scope.get', {}).then(
      (sc) => {
        if (live) setScopeLabel(sc.label);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [workspaceKey, groupCode, wave, language]);

  const m = view?.matrix ?? null;
  const texts = useMemo(
    () => ({ importance: t('survey.importance'), satisfaction: t('survey.satisfaction'), split: t('survey.split'), answers: t('survey.answers'), groups: t('survey.groups'), cell: t('survey.cell') }),
    [t],
  );
  const option = useMemo(() => (m ? surveyChartOption(m, language, texts, highlight) : null), [m, language, texts, highlight]);

  if (error) return <Alert type="error" message={t('errors.title')} description={error} showIcon />;
  if (!view) return <Spin size="large" style={{ display: 'block', margin: '120px auto' }} />;

  if (!view.available) {
    return (
      <div className="page" data-testid="survey-page">
        <div className="page-header">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('survey.title')}
          </Typography.Title>
        </div>
        <Card>
          {view.outOfScope ? (
            <Empty
              data-testid="survey-out-of-scope"
              description={
                <Space direction="vertical" size={4} style={{ maxWidth: 640 }}>
                  <Typography.Text strong>{scopeLabel ? t('survey.outOfScopeTitle', { scope: scopeLabel }) : t('survey.outOfScopeTitleBare')}</Typography.Text>
                  <Typography.Text type="secondary">{t('survey.outOfScopeHint', { count: view.outOfScope, countText: formatCount(view.outOfScope) })}</Typography.Text>
                </Space>
              }
            />
          ) : (
            <Empty
              data-testid="survey-empty"
              description={
                <Space direction="vertical" size={4} style={{ maxWidth: 640 }}>
                  <Typography.Text strong>{t('survey.emptyTitle')}</Typography.Text>
                  <Typography.Text type="secondary">{t('survey.emptyHint')}</Typography.Text>
                </Space>
              }
            >
              <Button type="primary" onClick={onImport} data-testid="survey-go-import">
                {t('survey.goImport')}
              </Button>
            </Empty>
          )}
        </Card>
      </div>
    );
  }

  const waves = view.waves;
  const latest = waves[waves.length - 1];
  const shownWave = m?.period ?? wave ?? latest ?? null;
  const groupName = groupCode === null ? null : (view.groups.find((g) => g.groupCode === groupCode)?.groupName ?? groupCode);

  return (
    <div className="page" data-testid="survey-page" data-scope={groupCode ?? 'branch'} data-wave={shownWave ?? ''}>
      <div className="page-header">
        <Typography.Title level={4} style={{ margin: 0, whiteSpace: 'nowrap' }}>
          {t('survey.title')} <Typography.Text type="secondary">{t('survey.subtitle')}</Typography.Text>
        </Typography.Title>
        <Space wrap>
          <span>
            <Typography.Text type="secondary">{t('survey.scope')} </Typography.Text>
            <Select
              showSearch
              value={groupCode ?? BRANCH}
              style={{ width: 320 }}
              optionFilterProp="label"
              placeholder={t('survey.groupSearch')}
              onChange={(v: string) => {
                setGroupCode(v === BRANCH ? null : v);
                setHighlight(null);
              }}
              options={[
                {
                  value: BRANCH,
                  label: scopeLabel
                    ? t('survey.scopeAll', { scope: scopeLabel })
                    : view.branchWideAnswers > 0
                      ? t('survey.branchWideAnswers', { count: formatCount(view.branchWideAnswers) })
                      : t('survey.branchWide'),
                },
                ...view.groups.map((g) => ({ value: g.groupCode, label: t('survey.groupOption', { name: g.groupName, count: g.answers, countText: formatCount(g.answers) }) })),
              ]}
              data-testid="survey-scope"
            />
          </span>
          {waves.length > 0 && (
            <span>
              <Typography.Text type="secondary">{t('survey.wave')} </Typography.Text>
              <Select
                value={shownWave ?? undefined}
                style={{ width: language === 'en' ? 160 : 150 }}
                onChange={(v: string) => setWave(v === latest ? undefined : v)}
                options={[...waves].reverse().map((w) => ({ value: w, label: w === latest ? t('survey.latestWave', { wave: w }) : w }))}
                data-testid="survey-wave"
              />
            </span>
          )}
        </Space>
      </div>
      {view.undatedAnswers ? (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="survey-undated" data-value={view.undatedAnswers} message={t('survey.undated', { count: view.undatedAnswers, countText: formatCount(view.undatedAnswers) })} />
      ) : null}

      {!m ? (
        <Alert type="info" showIcon data-testid="survey-no-answers" message={shownWave ? t('survey.noAnswers', { wave: shownWave }) : t('survey.noAnswersAny')} />
      ) : (
        <SurveyMatrixBody m={m} language={language} groupName={groupName} option={option} highlight={highlight} onHighlight={setHighlight} />
      )}
    </div>
  );
}

function SurveyMatrixBody({
  m,
  language,
  groupName,
  option,
  highlight,
  onHighlight,
}: {
  m: SurveyMatrixView;
  language: Language;
  groupName: string | null;
  option: Record<string, unknown> | null;
  highlight: string | null;
  onHighlight: (f: string | null) => void;
}) {
  const { t } = useTranslation();
  const cellOf = new Map(m.cells.map((c) => [c.id, c]));
  const hiLo = (b: boolean) => (b ? t('survey.high') : t('survey.low'));
  const scaleText = `${formatDecimal(m.importance.scale.min, 0)}–${formatDecimal(m.importance.scale.max, 0)}`;
  const rows = [...m.factors].sort((a, b) => SURVEY_CELLS.indexOf(a.cell) - SURVEY_CELLS.indexOf(b.cell) || b.importance - a.importance);
  const cellTag = (id: SurveyCellId) => {
    const c = cellOf.get(id);
    return (
      <Tag color={id === 'fixFirst' ? SURVEY_CELL_COLOURS.fixFirst : undefined} style={id === 'fixFirst' ? undefined : { color: SURVEY_CELL_COLOURS[id] === '#8c8c8c' ? '#595959' : SURVEY_CELL_COLOURS[id] }}>
        {c ? localText(c.name, language) : id}
      </Tag>
    );
  };
  const few = m.answers < 30;

  return (
    <>
      <Space size={16} wrap>
        <Traced trace={m.trace} language={language} testId="survey-summary" value={m.answers}>
          {groupName ? `${groupName} · ` : ''}
          {m.period ? `${m.period} · ` : ''}
          {groupName
            ? t('survey.summaryGroup', { answers: formatCount(m.answers), factors: formatCount(m.factors.length), respondents: formatCount(m.respondents) })
            : t('survey.summary', { answers: formatCount(m.answers), factors: formatCount(m.factors.length), groups: formatCount(m.groups) })}
        </Traced>
        <Traced trace={m.importance.scale.trace} language={language} testId="survey-scale">
          {t('survey.scale', { scale: scaleText })}
        </Traced>
        <Traced trace={m.satisfaction.trace} language={language} title={t('survey.xSplit')} testId="survey-split-x" value={m.satisfaction.value}>
          {t('survey.xSplit')} {formatDecimal(m.satisfaction.value, 2)}
        </Traced>
        <Traced trace={m.importance.trace} language={language} title={t('survey.ySplit')} testId="survey-split-y" value={m.importance.value}>
          {t('survey.ySplit')} {formatDecimal(m.importance.value, 2)}
        </Traced>
        <Typography.Text type="secondary">{m.importance.rule === 'mean' ? t('survey.ruleMean') : t('survey.ruleMid')}</Typography.Text>
      </Space>
      {few && <Alert type="warning" showIcon data-testid="survey-few" message={t('survey.fewAnswers', { count: formatCount(m.answers) })} />}

      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(4, minmax(0, 1fr))', gap: 8 }}>
        {SURVEY_CELLS.map((id) => {
          const c = cellOf.get(id);
          if (!c) return null;
          return (
            <Card
              key={id}
              size="small"
              data-testid={`survey-cell-${id}`}
              data-factors={c.factors.join('|')}
              styles={{ body: { padding: '8px 12px' } }}
              style={id === 'fixFirst' ? { borderColor: SURVEY_CELL_COLOURS.fixFirst, borderWidth: 2 } : undefined}
            >
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                <Typography.Text strong style={{ color: id === 'fixFirst' ? SURVEY_CELL_COLOURS.fixFirst : undefined }}>
                  {localText(c.name, language)} · {localText(c.action, language)}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                  {t('survey.factorsCount', { count: c.factors.length })}
                </Typography.Text>
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                {t('survey.cellAxes', { imp: hiLo(c.highImportance), sat: hiLo(c.highSatisfaction) })}
              </Typography.Text>
              <div style={{ marginTop: 4 }} data-testid={`survey-cell-${id}-factors`}>
                {c.factors.length === 0 ? (
                  <Typography.Text type="secondary">{t('survey.noFactor')}</Typography.Text>
                ) : (
                  c.factors.map((f) => (
                    <Tag key={f} style={{ cursor: 'pointer', marginBottom: 4 }} onMouseEnter={() => onHighlight(f)} onMouseLeave={() => onHighlight(null)}>
                      {f}
                    </Tag>
                  ))
                )}
              </div>
            </Card>
          );
        })}
      </div>

      <div style={{ display: 'flex', gap: 16, alignItems: 'stretch', flexWrap: 'wrap' }}>
        <Card size="small" style={{ flex: '1 1 560px', minWidth: 0 }} styles={{ body: { padding: 8 } }}>
          {option && <EChart option={option} height={480} testId="survey-chart" exportName={`${t('survey.chartName')}-${m.period ?? ''}`} />}
        </Card>
        <Card size="small" title={t('survey.table')} style={{ flex: '1 1 420px', minWidth: 0 }} styles={{ body: { padding: 0 } }}>
          <Table
            size="small"
            pagination={false}
            rowKey="factor"
            data-testid="survey-factors"
            dataSource={rows}
            onRow={(r) => ({ onMouseEnter: () => onHighlight(r.factor), onMouseLeave: () => onHighlight(null), 'data-testid': `survey-factor-${r.factor}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { key: 'factor', title: t('survey.factor'), dataIndex: 'factor', render: (v: string) => <Typography.Text strong={highlight === v}>{v}</Typography.Text> },
              { key: 'cell', title: t('survey.cell'), width: 96, render: (_: unknown, r) => cellTag(r.cell) },
              {
                key: 'importance',
                title: t('survey.importance'),
                align: 'right',
                width: 76,
                render: (_: unknown, r) => (
                  <Traced trace={r.trace} language={language} title={r.factor}>
                    {formatDecimal(r.importance, 2)}
                  </Traced>
                ),
              },
              {
                key: 'satisfaction',
                title: t('survey.satisfaction'),
                align: 'right',
                width: 76,
                render: (_: unknown, r) => (
                  <Traced trace={r.trace} language={language} title={r.factor}>
                    {formatDecimal(r.satisfaction, 2)}
                  </Traced>
                ),
              },
              { key: 'answers', title: t('survey.answers'), align: 'right', width: 70, render: (_: unknown, r) => formatCount(r.answers) },
            ]}
          />
        </Card>
      </div>
    </>
  );
}
