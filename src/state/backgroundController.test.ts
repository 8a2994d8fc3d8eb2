// The person's choice of background for transparent images: remembered under a "glassbox-" key, told to
// the engine, the changed previews put into the gallery, and the selected image predicted again.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImageInfo } from '../shared/types';
import type { ImageBackground } from '../shared/background';
import { isGlassboxStore } from '../shared/storeNames';

const engine = vi.hoisted(() => ({
  setImageBackground: vi.fn<(bg: ImageBackground) => Promise<ImageInfo[]>>(),
  onEvent: vi.fn(() => () => undefined),
}));
const refresh = vi.hoisted(() => vi.fn(async () => undefined));
vi.mock('./controller', () => ({ getEngine: () => engine, refreshExplanation: refresh }));

const storage = new Map<string, string>();
vi.stubGlobal('localStorage', { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v), removeItem: (k: string) => void storage.delete(k) });

const { chooseImageBackground, useImageBackground } = await import('./backgroundController');
const { initialState, useStudio } = await import('./store');

const img = (id: string, shade: number, background?: ImageBackground): ImageInfo => ({
  id, name: id, width: 1, height: 1, source: 'user', preview: { width: 1, height: 1, data: new Uint8ClampedArray([shade, shade, shade, 255]) }, ...(background ? { background } : {}),
});

describe('chooseImageBackground', () => {
  beforeEach(() => {
    storage.clear();
    engine.setImageBackground.mockReset();
    refresh.mockClear();
  });

  it('remembers the choice under a glassbox- key, swaps in the engine\'s new previews and predicts the selected image again', async () => {
    const prediction = { probabilities: [1], labels: ['a'], top: 0 };
    useStudio.setState({ ...initialState, status: 'ready', images: [img('t', 255, 'white'), img('o', 10)], selectedId: 't', prediction, predictionFor: 't@wasm', attributionKey: 'k' }, true);
    engine.setImageBackground.mockResolvedValue([img('t', 0, 'black')]);
    await chooseImageBackground('black');
    expect(engine.setImageBackground).toHaveBeenCalledWith('black');
    const [key] = [...storage.keys()];
    expect(isGlassboxStore(key)).toBe(true);
    expect(storage.get(key)).toBe('black');
    expect(useImageBackground.getState().background).toBe('black');
    const s = useStudio.getState();
    expect(s.images.map((i) => [i.id, i.background, i.preview.data[0]])).toEqual([['t', 'black', 0], ['o', undefined, 10]]);
    expect([s.prediction, s.predictionFor, s.attributionKey]).toEqual([null, null, null]);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('keeps the prediction of a selected opaque image (nothing it shows changed)', async () => {
    const prediction = { probabilities: [1], labels: ['a'], top: 0 };
    useStudio.setState({ ...initialState, status: 'ready', images: [img('t', 255, 'white'), img('o', 10)], selectedId: 'o', prediction, predictionFor: 'o@wasm' }, true);
    engine.setImageBackground.mockResolvedValue([img('t', 128, 'grey')]);
    await chooseImageBackground('grey');
    expect(useStudio.getState().prediction).toBe(prediction);
    expect(refresh).not.toHaveBeenCalled();
  });

  it('an engine failure becomes a notice; the choice is still remembered', async () => {
    useStudio.setState({ ...initialState, status: 'ready' }, true);
    engine.setImageBackground.mockRejectedValue(new Error('engine stopped'));
    await chooseImageBackground('white');
    expect(useStudio.getState().notices.map((n) => n.kind)).toEqual(['error']);
    expect([...storage.values()]).toEqual(['white']);
  });
});
