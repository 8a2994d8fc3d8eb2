// Test fixtures for the export builders (imported by tests only).

import type { Attribution } from '../../shared/attribution';

/** A 2x2 signed LIME-like result with one check and a full run record; fields overridable. */
export function fakeAttribution(o: Partial<Attribution> = {}): Attribution {
  return {
    values: new Float32Array([0.5, -0.25, 1e-8, 3]),
    width: 2,
    height: 2,
    signed: true,
    units: 'probability-change',
    checks: [{ id: 'r2', label: 'R²', value: 0.91, format: 'number', status: 'ok' }],
    run: {
      method: 'lime', options: { samples: 1000, kernelWidth: 0.25, seed: 42 }, target: 1, seed: 42, evaluations: { done: 1000, total: 1000, unit: 'samples' },
      batchSize: 64, ms: 812, backend: 'wasm', cancelled: false,
    },
    ...o,
  };
}
