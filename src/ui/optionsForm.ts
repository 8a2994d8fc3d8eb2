// The options form's logic, apart from React: a method's OptionSpec list (from the registry, through the
// worker) and the person's changes become the fields the form shows; a number typed in is checked here.

import type { MethodDescriptor, OptionSpec, OptionValues } from '../shared/types';
import { t } from '../shared/i18n';

type NumberSpec = Extract<OptionSpec, { type: 'number' }>;

interface FieldBase {
  key: string;
  label: string;
  help?: string;
}

/** One field of the options form, with the value it shows. */
export type FormField =
  | (FieldBase & { kind: 'number'; value: number; spec: NumberSpec; step: number | 'any' })
  | (FieldBase & { kind: 'select'; value: string; choices: { value: string; label: string }[] })
  | (FieldBase & { kind: 'boolean'; value: boolean })
  /** value '' means "the model's default CAM layer". */
  | (FieldBase & { kind: 'layer'; value: string; choices: { value: string; label: string }[] });

/** What the form knows of the current model: the layers CAM methods may use. */
export interface LayerChoices {
  camLayers: string[];
  defaultCamLayer: string | null;
}

/**
 * The fields of `method`'s options form, in the method's order. Each shows the person's change where
 * `changed` has one for its key, else the method's default. A layer field offers "default (<the model's
 * default layer>)" first (value ''), then every CAM layer of the model.
 */
export function formFields(method: MethodDescriptor, changed: OptionValues | undefined, layers: LayerChoices): FormField[] {
  const value = (key: string) => (changed && key in changed ? changed[key] : method.defaultOptions[key]);
  return method.options.map((spec): FormField => {
    const base = { key: spec.key, label: spec.label, help: spec.help };
    switch (spec.type) {
      case 'number':
        return { ...base, kind: 'number', value: Number(value(spec.key)), spec, step: spec.step ?? (spec.integer ? 1 : 'any') };
      case 'select':
        return { ...base, kind: 'select', value: String(value(spec.key)), choices: spec.choices };
      case 'boolean':
        return { ...base, kind: 'boolean', value: Boolean(value(spec.key)) };
      case 'layer':
        return {
          ...base,
          kind: 'layer',
          value: String(value(spec.key) ?? ''),
          choices: [{ value: '', label: layers.defaultCamLayer ? t('viewer:options.defaultLayer', { layer: layers.defaultCamLayer }) : t('viewer:options.noLayer') }, ...layers.camLayers.map((l) => ({ value: l, label: l }))],
        };
    }
  });
}

/**
 * Why `text`, typed into a number field, is not a valid value for `spec` (one sentence to show under the
 * field), or null when it is: not a number, outside [min, max] (inclusive), or not whole where it must be.
 */
export function numberError(spec: NumberSpec, text: string): string | null {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) return t('viewer:numberError.enter');
  if (n < spec.min || n > spec.max) return t('viewer:numberError.range', { min: spec.min, max: spec.max });
  if (spec.integer && !Number.isInteger(n)) return t('viewer:numberError.whole');
  return null;
}

/** The option value a layer field's choice stands for: '' (the default layer) is null. */
export function layerValue(choice: string): string | null {
  return choice || null;
}
