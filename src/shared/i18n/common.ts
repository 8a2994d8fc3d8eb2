import type { Catalogue } from './catalogue';

/** Strings used across the studio (buttons, units, generic words). */
const common = {
  en: {
    language: { label: 'Language', en: 'English', zh: '中文' },
  },
  zh: {
    language: { label: '语言', en: 'English', zh: '中文' },
  },
} satisfies Catalogue;
export default common;
