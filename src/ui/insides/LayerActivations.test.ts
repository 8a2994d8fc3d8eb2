// The activations panel rendered to HTML before its answer arrives: it says it computes, or, during a training
// run (the engine runs one job at a time and a run is exclusive), that it waits for the run to end.
import { afterEach, describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { setLanguage } from '../../shared/i18n';
import type { StudioState } from '../../state/store';
import { renderWithState } from '../testing/renderWithState';
import { LayerActivationsView } from './LayerActivations';

const html = (patch: Partial<StudioState>) => renderWithState(createElement(LayerActivationsView, { layer: 'conv2d_1' }), patch);

describe('LayerActivationsView while its answer is pending', () => {
  afterEach(() => setLanguage('en'));

  it('asks for an image first, says it computes, and says it waits during a training run', () => {
    expect(html({})).toContain('Select an image on the Explain page');
    const computing = html({ selectedId: 'img-1', trainStatus: 'idle' });
    expect(computing).toContain('Computing the activations…');
    expect(computing).not.toContain('Waiting for the training run');
    expect(html({ selectedId: 'img-1', trainStatus: 'training' })).toContain('Waiting for the training run to end');
    expect(html({ selectedId: 'img-1', trainStatus: 'stopping' })).toContain('Waiting for the training run to end');
    setLanguage('zh');
    expect(html({ selectedId: 'img-1', trainStatus: 'training' })).toContain('正在等待训练结束');
  });
});
