// Glassbox's one i18next instance (https://www.i18next.com), shared by the page and the engine worker: it
// holds no DOM or React, so src/core and src/worker may translate their messages too (the page tells the
// worker which language to use). React components use react-i18next's useTranslation(namespace) through the
// provider in src/main.tsx.
//
// Adding strings: put them in a catalogue file beside this one (one namespace per area, English and
// Simplified Chinese side by side, see catalogue.ts) and register the namespace in NAMESPACES below.
import i18next, { type i18n as I18n } from 'i18next';
import type { Catalogue } from './catalogue';
import common from './common';
import insides from './insides';
import baselines from './baselines';
import studio from './studio';
import viewer from './viewer';
import state from './state';
import trust from './trust';
import batch from './batch';
import intake from './intake';
import engine from './engine';
import image from './image';
import methods from './methods';
import metrics from './metrics';
import model from './model';
import phone from './phone';
import teach from './teach';
import stable from './stable';
import a11y from './a11y';
import pool from './pool';
import exportCatalogue from './export';
import reference from './reference';
import clinical from './clinical';
import classviews from './classviews';
import curves from './curves';

/** Every namespace and its catalogue. One line per namespace. */
export const NAMESPACES = {
  common,
  insides,
  baselines,
  curves,
  studio,
  viewer,
  state,
  trust,
  batch,
  intake,
  engine,
  image,
  methods,
  metrics,
  model,
  phone,
  teach,
  stable,
  a11y,
  pool,
  export: exportCatalogue,
  reference,
  clinical,
  classviews,
} satisfies Record<string, Catalogue>;

export type Namespace = keyof typeof NAMESPACES;

/** The languages Glassbox speaks: English and Simplified Chinese. */
export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

/** BCP 47 tags for <html lang> and Intl: zh is Simplified Chinese. */
export const LANGUAGE_TAGS: Record<Language, string> = { en: 'en', zh: 'zh-Hans' };

function resources(lang: Language): Record<string, Catalogue[Language]> {
  const out: Record<string, Catalogue[Language]> = {};
  for (const [ns, cat] of Object.entries(NAMESPACES)) out[ns] = (cat as Catalogue)[lang];
  return out;
}

/** The instance. Initialised synchronously on import, in English. */
export const i18n: I18n = i18next.createInstance();
void i18n.init({
  resources: { en: resources('en'), zh: resources('zh') },
  lng: 'en',
  fallbackLng: 'en',
  ns: Object.keys(NAMESPACES),
  defaultNS: 'common',
  interpolation: { escapeValue: false }, // React escapes; the worker's strings are plain text
  initAsync: false,
  returnNull: false,
});

/** Translate outside React (state, core, worker): t('ns:key', { values }). */
export const t = i18n.t.bind(i18n);

/** The current language. */
export function currentLanguage(): Language {
  return (LANGUAGES as readonly string[]).includes(i18n.language) ? (i18n.language as Language) : 'en';
}

/**
 * The language a first visit gets from the browser's preferred languages (navigator.languages, most preferred
 * first): the first that is Chinese (any tag starting "zh": zh, zh-CN, zh-Hans, zh-TW…) or English decides;
 * Chinese when it is Chinese, English otherwise (also when none is given). `stored` (a choice remembered earlier)
 * wins when it names a language Glassbox speaks.
 */
export function detectLanguage(stored: string | null | undefined, preferred: readonly string[] | undefined): Language {
  if (stored && (LANGUAGES as readonly string[]).includes(stored)) return stored as Language;
  for (const tag of preferred ?? []) {
    const t = tag.toLowerCase();
    if (t === 'zh' || t.startsWith('zh-')) return 'zh';
    if (t === 'en' || t.startsWith('en-')) return 'en';
  }
  return 'en';
}

/** Switch language (synchronous: every catalogue is bundled). Throws nothing; an unknown value means English. */
export function setLanguage(lang: string): Language {
  const l: Language = (LANGUAGES as readonly string[]).includes(lang) ? (lang as Language) : 'en';
  void i18n.changeLanguage(l);
  return l;
}
