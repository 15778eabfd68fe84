/**
 * The header's scope filter: 区县/片区 and 客户经理. The backend holds the scope
 * (scope.set); every page, the quarterly review and the exports then answer for
 * the scope's groups only. `onChange` gets the new scope's key so pages reload.
 */
import { Select, Space, Tag, Tooltip, message } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScopeState } from '../../../shared/api/scopeContract';
import { scopeKey, type Scope } from '../../../shared/model/scope';
import { api } from '../api/transport';
import { formatCount } from '../format';

export function ScopePicker({ workspaceKey, onChange }: { workspaceKey: string; onChange: (key: string) => void }) {
  const { t } = useTranslation();
  const [state, setState] = useState<ScopeState | null>(null);

  useEffect(() => {
    let live = true;
    api.call('scope.get', {}).then(
      (s) => {
        if (!live) return;
        setState(s);
        onChange(scopeKey(s.scope));
      },
      () => live && setState(null),
    );
    return () => {
      live = false;
    };
    // onChange is the shell's setter; the scope is re-read when the workspace or its data changes
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [workspaceKey]);

  if (!state || (state.facets.region.length === 0 && state.facets.manager.length === 0)) return null;

  const set = (scope: Scope) => {
    api.call('scope.set', { scope }).then(
      (s) => {
        setState(s);
        onChange(scopeKey(s.scope));
      },
      (err: unknown) => void message.error(t('scope.failed', { message: err instanceof Error ? err.message : String(err) })),
    );
  };
  const options = (facets: { value: string; groups: number }[]) => facets.map((f) => ({ value: f.value, label: `${f.value} (${formatCount(f.groups)})` }));
  const scoped = (state.scope.regions?.length ?? 0) + (state.scope.managers?.length ?? 0) > 0;

  return (
    <Tooltip title={t('scope.hint')}>
      <Space size={4} data-testid="scope-picker">
        <Select
          mode="multiple"
          size="small"
          allowClear
          maxTagCount={1}
          style={{ minWidth: 150, maxWidth: 260 }}
          placeholder={t('scope.allRegions')}
          aria-label={t('scope.region')}
          data-testid="scope-region"
          value={state.scope.regions ?? []}
          options={options(state.facets.region)}
          onChange={(regions: string[]) => set({ ...state.scope, regions })}
          popupMatchSelectWidth={false}
        />
        <Select
          mode="multiple"
          size="small"
          allowClear
          maxTagCount={1}
          style={{ minWidth: 130, maxWidth: 240 }}
          placeholder={t('scope.allManagers')}
          aria-label={t('scope.manager')}
          data-testid="scope-manager"
          value={state.scope.managers ?? []}
          options={options(state.facets.manager)}
          onChange={(managers: string[]) => set({ ...state.scope, managers })}
          popupMatchSelectWidth={false}
        />
        {scoped && (
          <Tag color="gold" data-testid="scope-count">
            {t('scope.groups', { n: formatCount(state.groups), total: formatCount(state.totalGroups) })}
          </Tag>
        )}
      </Space>
    </Tooltip>
  );
}
