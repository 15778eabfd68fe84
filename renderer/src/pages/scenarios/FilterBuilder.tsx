/**
 * The filter over group fields used by the scope, move exposure, measure fit and
 * counter segments: industry, class, region, zone, quadrant cell, lifecycle stage, competitor
 * presence and names, contract end, members, 三高, named groups. Empty = every group.
 */
import { InputNumber, Segmented, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/api/contract';
import type { QuadrantView } from '../../../../shared/api/quadrantContract';
import { STAGE_LABELS } from '../../../../shared/analytics/text';
import { STAGE_IDS, VALUE_RISK_CELLS, ZONE_IDS, type GroupFilter } from '../../../../shared/scenarios/types';
import { ZoneTag } from '../../components/ZoneTag';
import { localText } from '../../i18n';
import { cleanFilter } from './scenarioModel';

type Tri = 'any' | 'yes' | 'no';
const tri = (v: boolean | undefined): Tri => (v === undefined ? 'any' : v ? 'yes' : 'no');
const fromTri = (v: Tri): boolean | undefined => (v === 'any' ? undefined : v === 'yes');

export function FilterBuilder({ value, onChange, view, language, testId, showGroups = true }: { value: GroupFilter; onChange: (f: GroupFilter) => void; view: QuadrantView | null; language: Language; testId: string; showGroups?: boolean }) {
  const { t } = useTranslation();
  const set = (patch: Partial<GroupFilter>) => onChange(cleanFilter({ ...value, ...patch }));
  const facet = (k: 'industry' | 'groupClass' | 'region') => (view?.facets[k] ?? []).map((v) => ({ value: v, label: v }));
  const cellName = (id: string) => {
    const c = view?.cells.find((x) => x.id === id);
    return c ? localText(c.name, language) : id;
  };
  const label = (key: string, child: React.ReactNode) => (
    <label className="filter-field">
      <span className="filter-label">{t(`scenarios.filter.${key}`)}</span>
      {child}
    </label>
  );
  const multi = (key: 'industries' | 'groupClasses' | 'regions', options: { value: string; label: string }[]) =>
    label(
      key,
      <Select mode="multiple" allowClear maxTagCount="responsive" value={value[key] ?? []} onChange={(v: string[]) => set({ [key]: v })} options={options} placeholder={t('scenarios.filter.any')} data-testid={`${testId}-${key}`} />,
    );
  return (
    <div className="filter-builder" data-testid={testId}>
      {multi('industries', facet('industry'))}
      {multi('groupClasses', facet('groupClass'))}
      {multi('regions', facet('region'))}
      {label(
        'zones',
        <Select
          mode="multiple"
          allowClear
          value={value.zones ?? []}
          onChange={(v: GroupFilter['zones']) => set({ zones: v })}
          options={ZONE_IDS.map((z) => ({ value: z, label: <ZoneTag zone={z} language={language} /> }))}
          placeholder={t('scenarios.filter.any')}
          data-testid={`${testId}-zones`}
        />,
      )}
      {label(
        'quadrantCells',
        <Select
          mode="multiple"
          allowClear
          value={value.quadrantCells ?? []}
          onChange={(v: GroupFilter['quadrantCells']) => set({ quadrantCells: v })}
          options={VALUE_RISK_CELLS.map((c) => ({ value: c, label: cellName(c) }))}
          placeholder={t('scenarios.filter.any')}
          data-testid={`${testId}-cells`}
        />,
      )}
      {label(
        'stages',
        <Select
          mode="multiple"
          allowClear
          value={value.stages ?? []}
          onChange={(v: GroupFilter['stages']) => set({ stages: v })}
          options={STAGE_IDS.map((st) => ({ value: st, label: localText(STAGE_LABELS[st], language) }))}
          placeholder={t('scenarios.filter.any')}
          data-testid={`${testId}-stages`}
        />,
      )}
      {label(
        'competitorPresent',
        <Segmented<Tri>
          value={tri(value.competitorPresent)}
          onChange={(v) => set({ competitorPresent: fromTri(v) })}
          options={[
            { value: 'any', label: t('scenarios.filter.any') },
            { value: 'yes', label: t('scenarios.filter.yes') },
            { value: 'no', label: t('scenarios.filter.no') },
          ]}
        />,
      )}
      {label(
        'competitors',
        <Select mode="tags" allowClear value={value.competitors ?? []} onChange={(v: string[]) => set({ competitors: v })} options={['电信', '联通', '广电'].map((v) => ({ value: v, label: v }))} placeholder={t('scenarios.filter.any')} />,
      )}
      {label(
        'contractEndWithinMonths',
        <InputNumber min={0} max={120} value={value.contractEndWithinMonths ?? null} onChange={(v) => set({ contractEndWithinMonths: v === null ? undefined : Math.round(v) })} placeholder={t('scenarios.filter.any')} style={{ width: '100%' }} />,
      )}
      {label('minMembers', <InputNumber min={0} value={value.minMembers ?? null} onChange={(v) => set({ minMembers: v ?? undefined })} placeholder={t('scenarios.filter.any')} style={{ width: '100%' }} />)}
      {label('maxMembers', <InputNumber min={0} value={value.maxMembers ?? null} onChange={(v) => set({ maxMembers: v ?? undefined })} placeholder={t('scenarios.filter.any')} style={{ width: '100%' }} />)}
      {label(
        'sanGao',
        <Segmented<Tri>
          value={tri(value.sanGao)}
          onChange={(v) => set({ sanGao: fromTri(v) })}
          options={[
            { value: 'any', label: t('scenarios.filter.any') },
            { value: 'yes', label: t('scenarios.filter.yes') },
            { value: 'no', label: t('scenarios.filter.no') },
          ]}
        />,
      )}
      {showGroups &&
        label(
          'groupCodes',
          <Select
            mode="multiple"
            allowClear
            showSearch
            maxTagCount="responsive"
            value={value.groupCodes ?? []}
            onChange={(v: string[]) => set({ groupCodes: v })}
            options={view ? view.points.codes.map((c, i) => ({ value: c, label: `${view.points.names[i]} ${c}` })) : []}
            filterOption={(input, o) => (o?.label ?? '').toLowerCase().includes(input.toLowerCase())}
            placeholder={t('scenarios.filter.any')}
            virtual
          />,
        )}
    </div>
  );
}
