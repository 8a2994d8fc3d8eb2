// The page's language (issue 16 "Two languages"): English or Simplified Chinese, chosen in the header
// (ui/LanguageSwitch.tsx) and remembered in localStorage under LANGUAGE_KEY (a glassbox- name, so "Forget
// everything" removes it); a first visit follows the browser's preferred languages. <html lang> and the
// document's title follow, and the engine worker is told so that its messages come in the same language
// (worker/client.ts also tells it before every start, so a restarted engine keeps it).

import { LANGUAGE_TAGS, currentLanguage, detectLanguage, setLanguage, t, type Language } from '../shared/i18n';
import { LANGUAGE_KEY } from '../shared/storeNames';
import { getEngine } from './controller';
import { useStudio } from './store';

function storedChoice(): string | null {
  try {
    return globalThis.localStorage?.getItem(LANGUAGE_KEY) ?? null;
  } catch {
    return null; // storage blocked: follow the browser
  }
}

/** Sets <html lang> (BCP 47: "en", "zh-Hans") and the translated document title. No-op without a document. */
function applyToDocument(lang: Language): void {
  const doc = globalThis.document;
  if (!doc) return;
  doc.documentElement.lang = LANGUAGE_TAGS[lang];
  doc.title = t('studio:documentTitle');
}

/**
 * Once, before the first render: the remembered choice, else the browser's preferred languages (zh* →
 * Chinese, otherwise English). Returns the language set.
 */
export function startLanguage(): Language {
  const nav = globalThis.navigator as Navigator | undefined;
  const preferred = nav?.languages?.length ? nav.languages : nav?.language ? [nav.language] : [];
  const lang = setLanguage(detectLanguage(storedChoice(), preferred));
  applyToDocument(lang);
  return lang;
}

/**
 * The person's choice: the page switches at once, the choice is remembered (where storage is allowed), and
 * a running engine is told; its failure to hear it leaves the page's language as chosen (logged, not thrown).
 */
export async function chooseLanguage(lang: Language): Promise<void> {
  const l = setLanguage(lang);
  applyToDocument(l);
  try {
    globalThis.localStorage?.setItem(LANGUAGE_KEY, l);
  } catch {
    // storage unavailable (private mode): the choice holds for this visit
  }
  if (useStudio.getState().status !== 'ready') return; // the client tells the engine when it starts
  try {
    await getEngine().setLanguage(l);
    // the method list (labels, "What am I looking at?", option help) comes from the engine in its language
    const c = await getEngine().currentModel();
    useStudio.setState({ methods: c.methods });
  } catch (err) {
    console.warn('[glassbox] the engine did not take the language', err);
  }
}

export { currentLanguage };
