// A method's texts in the language of the moment. The method files hold their English text (what Node
// scripts and the bench read); the catalogue (shared/i18n/methods.ts) holds every language, keyed by method id
// and option key. Read at call time, so a language switch shows in the next method list and message.

import { t } from '../../shared/i18n';
import type { OptionSpec } from '../../shared/types';

interface MethodTexts {
  id: string;
  label: string;
  summary: string;
  about: string;
  options: OptionSpec[];
}

/** One text of a method ('label' | 'summary' | 'about'), translated; the file's English when the catalogue lacks it. */
export function methodText(m: Pick<MethodTexts, 'id'> & Partial<MethodTexts>, field: 'label' | 'summary' | 'about'): string {
  return t(`methods:${m.id}.${field}`, { defaultValue: m[field] ?? '' });
}

/** An option's label, help and choice labels, translated (each falls back to the method file's English). */
export function translateOption(methodId: string, spec: OptionSpec): OptionSpec {
  const base = `methods:${methodId}.options.${spec.key}`;
  const out = { ...spec, label: t(`${base}.label`, { defaultValue: spec.label }) } as OptionSpec;
  if (spec.help !== undefined) out.help = t(`${base}.help`, { defaultValue: spec.help });
  if (spec.type === 'select' && out.type === 'select') {
    out.choices = spec.choices.map((c) => ({ value: c.value, label: t(`${base}.choices.${c.value}`, { defaultValue: c.label }) }));
  }
  return out;
}

/** A method's own texts, translated: label, summary, about and options. */
export function translatedMethod(m: MethodTexts): Pick<MethodTexts, 'label' | 'summary' | 'about' | 'options'> {
  return {
    label: methodText(m, 'label'),
    summary: methodText(m, 'summary'),
    about: methodText(m, 'about'),
    options: m.options.map((s) => translateOption(m.id, s)),
  };
}
