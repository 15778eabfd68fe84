import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language, LocalText } from '../../../shared/api/contract';
import { en } from './en';
import { zhCN } from './zh-CN';

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});

export function localText(text: LocalText, language: Language): string {
  return language === 'en' ? text.en : text.zh;
}

export default i18n;
