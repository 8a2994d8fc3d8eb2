import type { Catalogue } from './catalogue';

/** Strings used across the studio (buttons, units, generic words). */
const common = {
  en: {
    language: { label: 'Language', en: 'English', zh: '中文' },
    // Durations (state/trainingSlice.ts formatDuration): SI symbols in English, words in Chinese.
    duration: { s: '{{s}} s', minS: '{{m}} min {{s}} s', hMin: '{{h}} h {{m}} min' },
  },
  zh: {
    language: { label: '语言', en: 'English', zh: '中文' },
    duration: { s: '{{s}} 秒', minS: '{{m}} 分 {{s}} 秒', hMin: '{{h}} 小时 {{m}} 分' },
  },
} satisfies Catalogue;
export default common;
