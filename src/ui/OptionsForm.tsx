import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodDescriptor, OptionValues } from '../shared/types';
import { actions, useStudio } from '../state/store';
import { formFields, layerValue, numberError, type FormField, type LayerChoices } from './optionsForm';

function NumberField({ field, onCommit }: { field: Extract<FormField, { kind: 'number' }>; onCommit: (v: number) => void }) {
  const { value, spec } = field;
  const [text, setText] = useState(String(value));
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(String(value));
  }
  const error = numberError(spec, text);
  const commit = () => {
    const n = Number(text);
    if (!error && n !== value) onCommit(n);
  };
  return (
    <>
      <input
        type="number"
        min={spec.min}
        max={spec.max}
        step={field.step}
        value={text}
        aria-invalid={Boolean(error)}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      {error && <span className="field-error">{error}</span>}
    </>
  );
}

/** The options form of a method, built from its OptionSpec list in the registry, with the studio's state. */
export function OptionsForm({ method }: { method: MethodDescriptor }) {
  const changed = useStudio((s) => s.methodOptions[method.id]);
  const camLayers = useStudio((s) => s.model?.camLayers);
  const defaultCamLayer = useStudio((s) => s.model?.defaultCamLayer ?? null);
  return (
    <OptionsFields
      method={method}
      changed={changed}
      layers={{ camLayers: camLayers ?? [], defaultCamLayer }}
      onChange={(key, v) => actions.setOption(method.id, key, v)}
      onReset={() => actions.resetOptions(method.id)}
    />
  );
}

/** The form itself: `method`'s fields (optionsForm.ts) showing `changed` over the defaults; nothing without options. */
export function OptionsFields({ method, changed, layers, onChange, onReset }: {
  method: MethodDescriptor;
  changed: OptionValues | undefined;
  layers: LayerChoices;
  onChange: (key: string, value: OptionValues[string]) => void;
  onReset: () => void;
}) {
  const { t } = useTranslation('viewer');
  if (!method.options.length) return null;
  const fields = formFields(method, changed, layers);
  return (
    <fieldset className="options" data-testid="options-form">
      <legend>{t('options.legend')}</legend>
      {fields.map((f) => (
        <label key={f.key} className="option" title={f.help}>
          <span>{f.label}</span>
          {f.kind === 'number' && <NumberField field={f} onCommit={(v) => onChange(f.key, v)} />}
          {f.kind === 'select' && (
            <select value={f.value} onChange={(e) => onChange(f.key, e.target.value)}>
              {f.choices.map((c) => (
                <option key={c.value} value={c.value}>{c.label}</option>
              ))}
            </select>
          )}
          {f.kind === 'boolean' && <input type="checkbox" checked={f.value} onChange={(e) => onChange(f.key, e.target.checked)} />}
          {f.kind === 'layer' && (
            <select value={f.value} onChange={(e) => onChange(f.key, layerValue(e.target.value))}>
              {f.choices.map((c) => (
                <option key={c.value} value={c.value}>{c.label}</option>
              ))}
            </select>
          )}
        </label>
      ))}
      {changed && (
        <button type="button" className="link" onClick={onReset}>{t('options.reset')}</button>
      )}
    </fieldset>
  );
}
