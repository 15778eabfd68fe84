/** Texts of the header's scope filter (key `scope.*`). */
export const scopeZh = {
  region: '区县/片区',
  manager: '客户经理',
  allRegions: '全部区县/片区',
  allManagers: '全部客户经理',
  groups: '{{n}} / {{total}} 家集团',
  hint: '所有页面、季度回顾与导出只计算所选范围内的集团',
  failed: '无法切换范围：{{message}}',
};
export const scopeEn: typeof scopeZh = {
  region: 'Region',
  manager: 'Account manager',
  allRegions: 'All regions',
  allManagers: 'All managers',
  groups: '{{n}} of {{total}} groups',
  hint: 'Every page, the quarterly review and the exports count only the groups in this scope',
  failed: 'The scope could not be changed: {{message}}',
};
