// Two languages: the course is taught in Traditional Chinese with English terms.
export const LANGS = ['en', 'zh-TW'] as const;
export type Lang = (typeof LANGS)[number];

/** A text in both languages. */
export interface Localized {
  en: string;
  'zh-TW': string;
}

export function pick(text: Localized, lang: Lang): string {
  return text[lang];
}

/** The language from LANG / LC_ALL / LC_MESSAGES: zh_TW, zh_HK, zh_Hant → zh-TW. */
export function langFromEnv(env: NodeJS.ProcessEnv = process.env): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh[_-](TW|HK|MO|Hant)/i.test(locale) ? 'zh-TW' : 'en';
}

export function isLang(value: string): value is Lang {
  return (LANGS as readonly string[]).includes(value);
}
