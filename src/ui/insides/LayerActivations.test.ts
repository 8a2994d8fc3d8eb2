// The activations panel rendered to HTML before its answer arrives: it says it computes, or, during a training
// run (the engine runs one job at a time and a run is exclusive), that it waits for the run to end.
import { afterEach, describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { i18n, setLanguage } from '../../shared/i18n';
import { useStudio, type StudioState } from '../../state/store';
import { LayerActivationsView } from './LayerActivations';

/**
 * Server rendering reads a zustand store's initial state (useSyncExternalStore's server snapshot), so the
 * state under test is patched into that object for the render and put back after it.
 */
function html(patch: Partial<StudioState>): string {
  const init = useStudio.getInitialState() as unknown as Record<string, unknown>;
  const saved = Object.fromEntries(Object.keys(patch).map((k) => [k, init[k]]));
  Object.assign(init, patch);
  try {
    return renderToString(createElement(I18nextProvider, { i18n }, createElement(LayerActivationsView, { layer: 'conv2d_1' })));
  } finally {
    Object.assign(init, saved);
  }
}

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
