// The header's language switch (issue 16 "Two languages"): English or Simplified Chinese, each named in its
// own language so a person who cannot read the current one still finds theirs. The choice is remembered and
// the engine told (state/language.ts).

import { useTranslation } from 'react-i18next';
import { LANGUAGES, LANGUAGE_TAGS, currentLanguage, type Language } from '../shared/i18n';
import { chooseLanguage } from '../state/language';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation('common');
  const lang = (LANGUAGES as readonly string[]).includes(i18n.language) ? (i18n.language as Language) : currentLanguage();
  return (
    <select className="language-switch" data-testid="language" value={lang} aria-label={t('language.label')} onChange={(e) => void chooseLanguage(e.target.value as Language)}>
      {LANGUAGES.map((l) => (
        <option key={l} value={l} lang={LANGUAGE_TAGS[l]}>
          {t(`language.${l}`)}
        </option>
      ))}
    </select>
  );
}

/** For main.tsx (the entry may import only ui): sets the remembered or browser's language before the first render. */
export { startLanguage } from '../state/language';
