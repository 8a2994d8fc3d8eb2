import { useState } from 'react';
import type { MethodDescriptor, OptionSpec } from '../shared/types';
import { actions, useStudio } from '../state/store';

function NumberField({ spec, value, onCommit }: { spec: Extract<OptionSpec, { type: 'number' }>; value: number; onCommit: (v: number) => void }) {
  const [text, setText] = useState(String(value));
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(String(value));
  }
  const n = Number(text);
  const error =
    text.trim() === '' || !Number.isFinite(n)
      ? 'enter a number'
      : n < spec.min || n > spec.max
        ? `between ${spec.min} and ${spec.max}`
        : spec.integer && !Number.isInteger(n)
          ? 'a whole number'
          : null;
  const commit = () => {
    if (!error && n !== value) onCommit(n);
  };
  return (
    <>
      <input
        type="number"
        min={spec.min}
        max={spec.max}
        step={spec.step ?? (spec.integer ? 1 : 'any')}
        value={text}
        aria-invalid={Boolean(error)}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      {error && <span className="field-error">Must be {error}</span>}
    </>
  );
}

/** The options form of a method, built from its OptionSpec list in the registry. */
export function OptionsForm({ method }: { method: MethodDescriptor }) {
  const changed = useStudio((s) => s.methodOptions[method.id]);
  const camLayers = useStudio((s) => s.model?.camLayers ?? []);
  const defaultLayer = useStudio((s) => s.model?.defaultCamLayer ?? null);
  if (!method.options.length) return null;
  const value = (key: string) => (changed && key in changed ? changed[key] : method.defaultOptions[key]);
  return (
    <fieldset className="options" data-testid="options-form">
      <legend>Options</legend>
      {method.options.map((spec) => (
        <label key={spec.key} className="option" title={spec.help}>
          <span>{spec.label}</span>
          {spec.type === 'number' && (
            <NumberField spec={spec} value={Number(value(spec.key))} onCommit={(v) => actions.setOption(method.id, spec.key, v)} />
          )}
          {spec.type === 'select' && (
            <select value={String(value(spec.key))} onChange={(e) => actions.setOption(method.id, spec.key, e.target.value)}>
              {spec.choices.map((c) => (
                <option key={c.value} value={c.value}>{c.label}</option>
              ))}
            </select>
          )}
          {spec.type === 'boolean' && <input type="checkbox" checked={Boolean(value(spec.key))} onChange={(e) => actions.setOption(method.id, spec.key, e.target.checked)} />}
          {spec.type === 'layer' && (
            <select value={String(value(spec.key) ?? '')} onChange={(e) => actions.setOption(method.id, spec.key, e.target.value || null)}>
              <option value="">default ({defaultLayer ?? 'none'})</option>
              {camLayers.map((l) => (
                <option key={l} value={l}>{l}</option>
              ))}
            </select>
          )}
        </label>
      ))}
      {changed && (
        <button type="button" className="link" onClick={() => actions.resetOptions(method.id)}>Reset to defaults</button>
      )}
    </fieldset>
  );
}
