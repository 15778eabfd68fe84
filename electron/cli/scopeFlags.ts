/**
 * `--region` (alias `--branch`: 区县/片区/营业部) and `--manager` on every command that
 * analyses: they restrict the data (shared/model/scope.ts), never only the title.
 * Repeat a flag for several values. A value not in the data is refused with the list.
 */
import type { Portfolio } from '../../shared/model/portfolio';
import { isWholePortfolio, normaliseScope, scopeFacets, type Scope } from '../../shared/model/scope';
import type { Flags } from './args';
import { UsageError } from './args';

export function scopeFromFlags(flags: Flags, portfolio: Portfolio): Scope {
  const scope = normaliseScope({ regions: [...flags.strings('region'), ...flags.strings('branch')], managers: flags.strings('manager') });
  if (isWholePortfolio(scope)) return scope;
  const facets = scopeFacets(portfolio);
  const check = (values: string[] | undefined, have: { value: string }[], what: string, flag: string): void => {
    for (const v of values ?? []) {
      if (have.some((f) => f.value === v)) continue;
      const list = have.map((f) => f.value);
      const shown = list.length > 30 ? `${list.slice(0, 30).join(', ')} … (${list.length} in all)` : list.join(', ') || 'none';
      throw new UsageError(`${flag} ${v}: no group has this ${what} in the data; ${what}s: ${shown}`);
    }
  };
  check(scope.regions, facets.region, 'region', '--region');
  check(scope.managers, facets.manager, 'account manager', '--manager');
  return scope;
}
