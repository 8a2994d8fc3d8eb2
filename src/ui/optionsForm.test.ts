import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToString as renderBare } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import type { ReactElement } from 'react';
import { i18n } from '../shared/i18n';

/** Rendered as in the studio: inside the i18n provider (src/main.tsx). */
const renderToString = (el: ReactElement) => renderBare(createElement(I18nextProvider, { i18n }, el));
import { formFields, layerValue, numberError } from './optionsForm';
import { OptionsFields } from './OptionsForm';
import type { MethodDescriptor, OptionValues } from '../shared/types';

// A method with one option of each kind, as the registry would describe it.
const method: MethodDescriptor = {
  id: 'fixture',
  label: 'Fixture',
  summary: 'A method for tests.',
  openByDefault: false,
  compareByDefault: false,
  about: '',
  kind: 'perturbation',
  signed: false,
  compatible: true,
  defaultOptions: { samples: 50, sigma: 0.15, baseline: 'blur', smooth: true, layer: null },
  options: [
    { key: 'samples', label: 'Samples', type: 'number', min: 10, max: 500, integer: true, help: 'How many.' },
    { key: 'sigma', label: 'Noise', type: 'number', min: 0, max: 1, step: 0.05 },
    { key: 'baseline', label: 'Baseline', type: 'select', choices: [{ value: 'black', label: 'Black' }, { value: 'blur', label: 'Blurred image' }] },
    { key: 'smooth', label: 'Smooth', type: 'boolean' },
    { key: 'layer', label: 'Target layer', type: 'layer' },
  ],
};
const layers = { camLayers: ['conv1', 'conv2'], defaultCamLayer: 'conv2' };
const numberSpec = (o: Partial<{ min: number; max: number; integer: boolean }> = {}) => ({ key: 'n', label: 'N', type: 'number' as const, min: 1, max: 10, ...o });

describe('formFields: the spec and the person’s changes become fields', () => {
  it('shows every option in the method’s order with its default', () => {
    const f = formFields(method, undefined, layers);
    expect(f.map((x) => [x.key, x.kind, x.value])).toEqual([
      ['samples', 'number', 50],
      ['sigma', 'number', 0.15],
      ['baseline', 'select', 'blur'],
      ['smooth', 'boolean', true],
      ['layer', 'layer', ''],
    ]);
    expect(f[0].help).toBe('How many.');
  });

  it('shows a changed option’s value and the defaults for the rest', () => {
    const f = formFields(method, { sigma: 0.3, smooth: false, layer: 'conv1' }, layers);
    expect(Object.fromEntries(f.map((x) => [x.key, x.value]))).toEqual({ samples: 50, sigma: 0.3, baseline: 'blur', smooth: false, layer: 'conv1' });
  });

  it('steps whole-number options by 1, uses a given step, and any step otherwise', () => {
    const steps = formFields({ ...method, options: [...method.options, { key: 'x', label: 'X', type: 'number', min: 0, max: 1 }] }, undefined, layers)
      .map((x) => (x.kind === 'number' ? x.step : undefined));
    expect(steps).toEqual([1, 0.05, undefined, undefined, undefined, 'any']);
  });

  it('offers the model’s default layer first, named, then each CAM layer', () => {
    const layer = formFields(method, undefined, layers).find((x) => x.kind === 'layer');
    expect(layer?.kind === 'layer' && layer.choices).toEqual([
      { value: '', label: 'default (conv2)' },
      { value: 'conv1', label: 'conv1' },
      { value: 'conv2', label: 'conv2' },
    ]);
    const none = formFields(method, undefined, { camLayers: [], defaultCamLayer: null }).find((x) => x.kind === 'layer');
    expect(none?.kind === 'layer' && none.choices).toEqual([{ value: '', label: 'default (none)' }]);
  });

  it('turns the default-layer choice back into null, and a named layer into its name', () => {
    expect(layerValue('')).toBeNull();
    expect(layerValue('conv1')).toBe('conv1');
  });
});

describe('numberError: what is wrong with a typed number', () => {
  it('accepts numbers in range, both ends included, in any notation Number() reads', () => {
    for (const t of ['1', '10', '5', ' 7 ', '1e1', '2.0']) expect(numberError(numberSpec({ integer: true }), t), t).toBeNull();
    expect(numberError(numberSpec(), '2.5')).toBeNull();
  });

  it('asks for a number when the text is not one', () => {
    for (const t of ['', '  ', 'abc', '1,5', 'Infinity', 'NaN']) expect(numberError(numberSpec(), t), t).toBe('Enter a number.');
  });

  it('names the range when the number is outside it', () => {
    expect(numberError(numberSpec(), '0')).toBe('Must be between 1 and 10.');
    expect(numberError(numberSpec(), '10.01')).toBe('Must be between 1 and 10.');
    expect(numberError(numberSpec({ min: -0.5, max: 0.5 }), '-1')).toBe('Must be between -0.5 and 0.5.');
  });

  it('asks for a whole number where the option needs one', () => {
    expect(numberError(numberSpec({ integer: true }), '2.5')).toBe('Must be a whole number.');
  });
});

describe('the options form rendered (react-dom/server)', () => {
  const render = (changed?: OptionValues, m: MethodDescriptor = method) =>
    renderToString(createElement(OptionsFields, { method: m, changed, layers, onChange: () => {}, onReset: () => {} }));

  it('renders each field with its limits and default, and no reset link while nothing is changed', () => {
    const html = render();
    expect(html).toMatch(/<input type="number" min="10" max="500" step="1"[^>]*value="50"/);
    expect(html).toMatch(/<input type="number" min="0" max="1" step="0.05"[^>]*value="0.15"/);
    expect(html).toMatch(/<option value="blur" selected="">Blurred image<\/option>/);
    expect(html).toMatch(/<input type="checkbox" checked=""/);
    expect(html).toMatch(/<option value="" selected="">default \(conv2\)<\/option><option value="conv1">conv1<\/option>/);
    expect(html).not.toMatch(/field-error/);
    expect(html).not.toMatch(/Reset to defaults/);
  });

  it('shows the person’s changes and offers to reset them', () => {
    const html = render({ baseline: 'black', smooth: false, layer: 'conv1' });
    expect(html).toMatch(/<option value="black" selected="">Black<\/option>/);
    expect(html).not.toMatch(/type="checkbox" checked/);
    expect(html).toMatch(/<option value="conv1" selected="">conv1<\/option>/);
    expect(html).toMatch(/Reset to defaults/);
  });

  it('marks a remembered value that the method no longer accepts', () => {
    const html = render({ samples: 1000 });
    expect(html).toMatch(/aria-invalid="true"/);
    expect(html).toMatch(/Must be between 10 and 500\./);
  });

  it('renders nothing for a method without options', () => {
    expect(render(undefined, { ...method, options: [], defaultOptions: {} })).toBe('');
  });
});
