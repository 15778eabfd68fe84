import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language, LocalText } from '../../../shared/api/contract';
import { overviewEn, overviewZh } from './areas/overview';
import { quadrantEn, quadrantZh } from './areas/quadrant';
import { reviewEn, reviewZh } from './areas/review';
import { scenariosEn, scenariosZh } from './areas/scenarios';
import { scopeEn, scopeZh } from './areas/scope';
import { workspaceEn, workspaceZh } from './areas/workspace';
import { ledgerEn, ledgerZh } from './areas/ledger';
import { insightsEn, insightsZh } from './areas/insights';
import { surveyEn, surveyZh } from './areas/survey';
import { en } from './en';
import { zhCN } from './zh-CN';

// Pages with many texts keep them in their own area file, merged here under one key each.
export const zhAll = { ...zhCN, workspace: workspaceZh, quadrant: quadrantZh, overviewPage: overviewZh, scenarios: scenariosZh, review: reviewZh, scope: scopeZh, ledger: ledgerZh, insights: insightsZh, survey: surveyZh };
export const enAll = { ...en, workspace: workspaceEn, quadrant: quadrantEn, overviewPage: overviewEn, scenarios: scenariosEn, review: reviewEn, scope: scopeEn, ledger: ledgerEn, insights: insightsEn, survey: surveyEn };

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhAll }, en: { translation: enAll } },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});

export function localText(text: LocalText, language: Language): string {
  return language === 'en' ? text.en : text.zh;
}

export default i18n;
