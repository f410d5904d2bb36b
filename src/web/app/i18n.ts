import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, zh } from './strings';

/** Chinese first; the choice is remembered in localStorage. */
export type Lang = 'zh' | 'en';

export function savedLang(): Lang {
  return localStorage.getItem('epigrid.lang') === 'en' ? 'en' : 'zh';
}

void i18n.use(initReactI18next).init({
  resources: { zh: { translation: zh }, en: { translation: en } },
  lng: savedLang(),
  fallbackLng: 'zh',
  interpolation: { escapeValue: false },
});

export function setLang(lang: Lang): void {
  localStorage.setItem('epigrid.lang', lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  void i18n.changeLanguage(lang);
}

/** Feature folders add their own strings (deep-merged) instead of editing the shared dictionary. */
export function registerStrings(zhStrings: Record<string, unknown>, enStrings: Record<string, unknown>): void {
  i18n.addResourceBundle('zh', 'translation', zhStrings, true, true);
  i18n.addResourceBundle('en', 'translation', enStrings, true, true);
}

export default i18n;
