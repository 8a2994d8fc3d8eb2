// The trust panel on an image unlike the training images: above its badges it says they judge the map's
// faithfulness to the model, not the model's answer.
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import type { Prediction } from '../../shared/types';
import { renderWithState } from '../testing/renderWithState';
import { TrustPanel } from './TrustPanel';

const prediction = (status: 'in' | 'out' | 'unknown'): Prediction => ({ probabilities: [0.2, 0.8], labels: ['a', 'b'], top: 1, ood: { status, sentence: `status ${status}` } });
const html = (status: 'in' | 'out' | 'unknown' | null, predictionFor = 'img-1@wasm') =>
  renderWithState(createElement(TrustPanel, { attributionKey: null }), { selectedId: 'img-1', prediction: status ? prediction(status) : null, predictionFor });

describe('TrustPanel and out-of-distribution images', () => {
  it('cautions only when the selected image’s prediction is out of distribution', () => {
    expect(html('out')).toContain('data-testid="trust-ood-caution"');
    expect(html('out')).toContain('does not make the prediction believable');
    for (const s of ['in', 'unknown', null] as const) expect(html(s)).not.toContain('trust-ood-caution');
    // the prediction of another image says nothing about this one
    expect(html('out', 'img-2@wasm')).not.toContain('trust-ood-caution');
  });
});
