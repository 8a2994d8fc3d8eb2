// Numbers as people read them: probabilities that never claim certainty ("> 99.9%", never "100.0%"),
// the saturation rule, and plain decimals instead of scientific notation. Pure: the UI, the state and the
// worker (OOD sentences) share it. Digits, grouping and percent signs follow the current language (Intl with
// LANGUAGE_TAGS; src/shared/i18n), or the language passed in.

import { LANGUAGE_TAGS, currentLanguage, type Language } from './i18n';

function percent(p: number, lang: Language): string {
  return new Intl.NumberFormat(LANGUAGE_TAGS[lang], { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(p);
}

/** A class probability within this distance of 0 or 1 is saturated: it barely moves when the image changes. */
export const SATURATION_EPS = 1e-3;

/**
 * Whether probability `p` (0..1) is saturated: within `eps` (default 1e-3) of 0 or 1. A saturated probability
 * is flat, so a change in probability (LIME, SHAP, occlusion, RISE) is near zero everywhere; the logit
 * (log-odds) still moves.
 */
export function isSaturated(p: number, eps = SATURATION_EPS): boolean {
  return p >= 1 - eps || p <= eps;
}

/**
 * A probability (0..1) as a percentage with one decimal, except at saturation: within 1e-3 of 1 it reads
 * "> 99.9%", within 1e-3 of 0 "< 0.1%". So no text ever says "100.0%" or "0.0%". Non-finite input reads "–".
 * Formatted with Intl in `lang` (default: the current language).
 */
export function formatProbability(p: number, lang: Language = currentLanguage()): string {
  if (!Number.isFinite(p)) return '–';
  if (p >= 1 - SATURATION_EPS) return `> ${percent(0.999, lang)}`;
  if (p <= SATURATION_EPS) return `< ${percent(0.001, lang)}`;
  return percent(p, lang);
}

const SMALLEST = 1e-6;

/**
 * A number in plain decimal notation with `digits` significant digits (default 3), thousands grouped
 * ("12,300", "0.00123", "-4.56"); never scientific notation. Magnitudes below 1e-6 read "< 0.000001"
 * (with the sign: "> −0.000001"), exactly zero reads "0". Non-finite input reads "–". Negative numbers
 * use the minus sign U+2212. Formatted with Intl in `lang` (default: the current language).
 */
export function formatNumber(v: number, digits = 3, lang: Language = currentLanguage()): string {
  if (!Number.isFinite(v)) return '–';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < SMALLEST) return v > 0 ? '< 0.000001' : '> −0.000001';
  const body = new Intl.NumberFormat(LANGUAGE_TAGS[lang] === 'en' ? 'en-US' : LANGUAGE_TAGS[lang], { maximumSignificantDigits: digits, minimumSignificantDigits: digits, useGrouping: true }).format(a);
  return (v < 0 ? '−' : '') + body;
}

/** `formatNumber` with an explicit sign for changes: "+0.123", "−0.0456", "0". */
export function formatSigned(v: number, digits = 3): string {
  const s = formatNumber(v, digits);
  return v > 0 && !s.startsWith('<') && s !== '–' ? `+${s}` : s;
}
