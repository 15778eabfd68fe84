/** Editing one competitor move or counter-measure: names, description, filter, low/likely/high ranges, costs, lead time, answers. */
import { Alert, Button, Drawer, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import type { QuadrantView } from '../../../../shared/api/quadrantContract';
import { CompetitorMoveSchema, CounterMeasureSchema, type CompetitorMove, type CounterMeasure, type Range3, type ScenarioLibrary } from '../../../../shared/scenarios/types';
import { localText } from '../../i18n';
import { FilterBuilder } from './FilterBuilder';

export type Editing = { kind: 'move'; item: CompetitorMove; isNew: boolean } | { kind: 'counter'; item: CounterMeasure; isNew: boolean };

const pct = (v: number) => Math.round(v * 1000) / 10;

function RangeInput({ value, onChange, testId }: { value: Range3; onChange: (r: Range3) => void; testId: string }) {
  const { t } = useTranslation();
  const field = (k: keyof Range3) => (
    <div style={{ width: 176 }} key={k}>
      <InputNumber<number>
        min={0}
        max={100}
        step={1}
        value={pct(value[k])}
        onChange={(v) => onChange({ ...value, [k]: (v ?? 0) / 100 })}
        addonBefore={t(`scenarios.library.${k}`)}
        addonAfter="%"
        style={{ width: '100%' }}
        data-testid={`${testId}-${k}`}
      />
    </div>
  );
  const bad = !(value.low <= value.likely && value.likely <= value.high);
  return (
    <Space direction="vertical" size={2}>
      <Space size={8}>
        {field('low')}
        {field('likely')}
        {field('high')}
      </Space>
      {bad && <Typography.Text type="danger" style={{ fontSize: 12 }}>{t('scenarios.library.rangeError')}</Typography.Text>}
    </Space>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div style={{ display: 'grid', gridTemplateColumns: '128px minmax(0, 1fr)', gap: 12, alignItems: 'start', padding: '6px 0' }}>
      <Typography.Text type="secondary" style={{ paddingTop: 4 }}>
        {label}
      </Typography.Text>
      <div>{children}</div>
    </div>
  );
}

export function LibraryItemDrawer({ editing, library, language, view, onClose, onSave }: { editing: Editing | null; library: ScenarioLibrary; language: Language; view: QuadrantView | null; onClose: () => void; onSave: (e: Editing) => Promise<void> }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Editing | null>(editing);
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    setDraft(editing);
    setProblems([]);
  }, [editing]);

  const setItem = (patch: Partial<CompetitorMove> | Partial<CounterMeasure>) => setDraft((d) => (d ? ({ ...d, item: { ...d.item, ...patch } } as Editing) : d));

  const save = async () => {
    if (!draft) return;
    const parsed = draft.kind === 'move' ? CompetitorMoveSchema.safeParse(draft.item) : CounterMeasureSchema.safeParse(draft.item);
    const issues = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    if (draft.item.name.zh.trim() === '' && draft.item.name.en.trim() === '') issues.unshift(`${t('scenarios.library.nameZh')}: ${t('scenarios.library.required')}`);
    setProblems(issues);
    if (issues.length > 0) return;
    setSaving(true);
    try {
      const item = { ...draft.item, name: { zh: draft.item.name.zh.trim() || draft.item.name.en.trim(), en: draft.item.name.en.trim() || draft.item.name.zh.trim() } };
      await onSave({ ...draft, item } as Editing);
    } finally {
      setSaving(false);
    }
  };

  const d = draft;
  return (
    <Drawer
      open={d !== null}
      onClose={onClose}
      width={820}
      title={d ? `${d.kind === 'move' ? t('scenarios.library.moves') : t('scenarios.library.counters')} · ${localText(d.item.name, language) || t('scenarios.library.new')}` : ''}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('scenarios.library.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void save()} data-testid="lib-save">
            {t('scenarios.library.save')}
          </Button>
        </Space>
      }
      data-testid="lib-drawer"
    >
      {d && (
        <>
          {problems.length > 0 && <Alert type="error" showIcon message={problems.join('；')} style={{ marginBottom: 8 }} data-testid="lib-problems" />}
          <Row label={t('scenarios.library.nameZh')}>
            <Input value={d.item.name.zh} onChange={(e) => setItem({ name: { ...d.item.name, zh: e.target.value } })} maxLength={100} data-testid="lib-name-zh" />
          </Row>
          <Row label={t('scenarios.library.nameEn')}>
            <Input value={d.item.name.en} onChange={(e) => setItem({ name: { ...d.item.name, en: e.target.value } })} maxLength={100} />
          </Row>
          <Row label={t('scenarios.library.descZh')}>
            <Input.TextArea value={d.item.description.zh} onChange={(e) => setItem({ description: { ...d.item.description, zh: e.target.value } })} autoSize={{ minRows: 2, maxRows: 5 }} />
          </Row>
          <Row label={t('scenarios.library.descEn')}>
            <Input.TextArea value={d.item.description.en} onChange={(e) => setItem({ description: { ...d.item.description, en: e.target.value } })} autoSize={{ minRows: 2, maxRows: 5 }} />
          </Row>
          <Row label={d.kind === 'move' ? t('scenarios.library.exposes') : t('scenarios.library.fits')}>
            <FilterBuilder
              value={d.kind === 'move' ? d.item.exposes : d.item.fits}
              onChange={(f) => setItem(d.kind === 'move' ? { exposes: f } : { fits: f })}
              view={view}
              language={language}
              testId="lib-filter"
              showGroups={false}
            />
          </Row>
          {d.kind === 'move' ? (
            <>
              <Row label={t('scenarios.library.lossProbability')}>
                <RangeInput value={d.item.lossProbability} onChange={(r) => setItem({ lossProbability: r })} testId="lib-loss" />
              </Row>
              <Row label={t('scenarios.library.diversionShare')}>
                <RangeInput value={d.item.diversionShare} onChange={(r) => setItem({ diversionShare: r })} testId="lib-diversion" />
              </Row>
            </>
          ) : (
            <>
              <Row label={t('scenarios.library.lossReduction')}>
                <RangeInput value={d.item.lossReduction} onChange={(r) => setItem({ lossReduction: r })} testId="lib-loss-red" />
              </Row>
              <Row label={t('scenarios.library.diversionReduction')}>
                <RangeInput value={d.item.diversionReduction} onChange={(r) => setItem({ diversionReduction: r })} testId="lib-div-red" />
              </Row>
              <Row label={t('scenarios.library.costPerGroup')}>
                <InputNumber<number> min={0} max={1e9} value={d.item.cost.perGroup} onChange={(v) => setItem({ cost: { ...d.item.cost, perGroup: v ?? 0 } })} style={{ width: 200 }} />
              </Row>
              <Row label={t('scenarios.library.costShare')}>
                <InputNumber<number> min={0} max={100} step={0.5} value={pct(d.item.cost.revenueShare)} onChange={(v) => setItem({ cost: { ...d.item.cost, revenueShare: (v ?? 0) / 100 } })} addonAfter="%" style={{ width: 200 }} />
              </Row>
              <Row label={t('scenarios.library.costOneOff')}>
                <InputNumber<number> min={0} max={1e10} value={d.item.cost.oneOff} onChange={(v) => setItem({ cost: { ...d.item.cost, oneOff: v ?? 0 } })} style={{ width: 200 }} />
              </Row>
              <Row label={t('scenarios.library.leadMonths')}>
                <InputNumber<number> min={0} max={24} value={d.item.leadMonths} onChange={(v) => setItem({ leadMonths: Math.round(v ?? 0) })} style={{ width: 120 }} />
              </Row>
              <Row label={t('scenarios.library.answers')}>
                <Select
                  mode="multiple"
                  allowClear
                  value={d.item.answers}
                  onChange={(v: string[]) => setItem({ answers: v })}
                  options={library.moves.map((m) => ({ value: m.id, label: localText(m.name, language) }))}
                  placeholder={t('scenarios.library.anyMove')}
                  style={{ width: '100%' }}
                />
              </Row>
              <Row label={t('scenarios.library.discountShare')}>
                <InputNumber<number>
                  min={0}
                  max={100}
                  value={d.item.discountShare === null ? null : pct(d.item.discountShare)}
                  onChange={(v) => setItem({ discountShare: v === null ? null : v / 100 })}
                  addonAfter="%"
                  style={{ width: 200 }}
                />
              </Row>
            </>
          )}
        </>
      )}
    </Drawer>
  );
}
