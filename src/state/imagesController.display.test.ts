// Display changes of clinical images on the page side: the store gets the engine's new ImageInfo, what was
// computed from the old window for that image (and only that image) is dropped and asked again, changes made
// while one is on its way are merged into one call, and a refusal becomes a notice that changes nothing.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Attribution, ImageInfo, Prediction } from '../shared/types';
import type { DisplaySettings } from '../shared/clinical';
import { UserError } from '../shared/errors';

const engine = vi.hoisted(() => ({
  setDisplay: vi.fn<(id: string, d: Partial<DisplaySettings>) => Promise<ImageInfo>>(),
  pixelValue: vi.fn<(id: string, x: number, y: number) => Promise<number[] | null>>(),
  identifyingTags: vi.fn<(id: string) => Promise<{ label: string; value: string }[]>>(),
}));
const refreshExplanation = vi.hoisted(() => vi.fn(async () => undefined));
vi.mock('./controller', () => ({ getEngine: () => engine, refreshExplanation }));

import { identifyingTags, loadFiles, pixelValue, setDisplay } from './imagesController';
import { initialState, useStudio } from './store';

const display = (center: number, width: number, frame = 0): DisplaySettings => ({ window: { center, width }, invert: false, frame });
const ct = (id: string, d: DisplaySettings): ImageInfo => ({
  id, name: `${id}.dcm`, width: 2, height: 2, source: 'user', preview: { width: 1, height: 1, data: new Uint8ClampedArray([d.window.center & 255, 0, 0, 255]) },
  clinical: { format: 'dicom', units: 'HU', frameCount: 3, display: d, presets: [], valueRange: [-1000, 1000], samplesPerPixel: 1, tags: [], hasIdentifyingTags: true },
});
const prediction: Prediction = { probabilities: [0.5, 0.5], labels: ['a', 'b'], top: 0 };
const attribution = {} as Attribution;

beforeEach(() => {
  useStudio.setState({ ...initialState }, true);
  engine.setDisplay.mockReset();
  refreshExplanation.mockClear();
});

describe('setDisplay', () => {
  it('replaces the image, drops its prediction, map and comparison, and asks for them again', async () => {
    useStudio.setState({
      images: [ct('a', display(40, 400)), ct('b', display(40, 400))], selectedId: 'a', status: 'ready',
      prediction, predictionFor: 'a@wasm', attribution, attributionKey: 'a@wasm/gradcam/0/{}', compareResults: { gradcam: attribution }, compareKey: 'a@wasm/0',
    });
    const lung = display(-600, 1500);
    engine.setDisplay.mockImplementation(async (id) => ct(id, lung));
    const info = await setDisplay('a', { window: lung.window });
    expect(engine.setDisplay).toHaveBeenCalledWith('a', { window: lung.window });
    expect(info?.clinical?.display).toEqual(lung);
    const s = useStudio.getState();
    expect(s.images.map((i) => i.clinical?.display.window.center)).toEqual([-600, 40]);
    expect(s).toMatchObject({ prediction: null, predictionFor: null, attribution: null, attributionKey: null, compareResults: {}, compareKey: null });
    expect(refreshExplanation).toHaveBeenCalledTimes(1);
  });

  it('keeps what was computed for another image, and does not re-explain when the image is not selected', async () => {
    useStudio.setState({ images: [ct('a', display(40, 400)), ct('b', display(40, 400))], selectedId: 'b', prediction, predictionFor: 'b@wasm', attribution, attributionKey: 'b@wasm/gradcam/0/{}' });
    engine.setDisplay.mockImplementation(async (id) => ct(id, display(1, 2)));
    await setDisplay('a', { window: { center: 1, width: 2 } });
    expect(useStudio.getState()).toMatchObject({ prediction, predictionFor: 'b@wasm', attribution, attributionKey: 'b@wasm/gradcam/0/{}' });
    expect(refreshExplanation).not.toHaveBeenCalled();
  });

  it('merges the changes asked while one is on its way into one call; every caller gets the last image', async () => {
    useStudio.setState({ images: [ct('a', display(40, 400))], selectedId: null });
    const calls: { d: Partial<DisplaySettings>; resolve: () => void }[] = [];
    let current = display(40, 400);
    engine.setDisplay.mockImplementation((id, d) => new Promise((resolve) => calls.push({ d, resolve: () => {
      current = { ...current, ...d, window: d.window ?? current.window };
      resolve(ct(id, current));
    } })));
    const first = setDisplay('a', { window: { center: 100, width: 10 } });
    const second = setDisplay('a', { frame: 2 });
    const third = setDisplay('a', { window: { center: 7, width: 3 } });
    await vi.waitFor(() => expect(calls.length).toBe(1));
    calls[0].resolve();
    await vi.waitFor(() => expect(calls.length).toBe(2));
    // By hand: the second call carries frame 2 and the third's window, merged.
    expect(calls[1].d).toEqual({ frame: 2, window: { center: 7, width: 3 } });
    calls[1].resolve();
    const last = display(7, 3, 2);
    for (const p of [first, second, third]) expect((await p)?.clinical?.display).toEqual(last);
    expect(engine.setDisplay).toHaveBeenCalledTimes(2);
    expect(useStudio.getState().images[0].clinical?.display).toEqual(last);
  });

  it('a refusal is a notice and changes nothing', async () => {
    const before = ct('a', display(40, 400));
    useStudio.setState({ images: [before], selectedId: 'a', prediction, predictionFor: 'a@wasm' });
    engine.setDisplay.mockRejectedValue(new UserError('There is no frame 9', 'The image has 3 frames.', 'Pick a frame between 1 and 3.'));
    expect(await setDisplay('a', { frame: 8 })).toBeNull();
    const s = useStudio.getState();
    expect(s.images[0]).toBe(before);
    expect(s).toMatchObject({ prediction, predictionFor: 'a@wasm' });
    expect(s.notices.map((n) => n.title)).toEqual(['There is no frame 9']);
    expect(refreshExplanation).not.toHaveBeenCalled();
  });
});

describe('files recognised by content', () => {
  it('sends files with no type (no extension, or a DICOM UID as the name) and DICOM types to the engine; refuses text', async () => {
    const addImage = vi.fn(async (_f: Blob, name: string): Promise<ImageInfo> => ct(name, display(0, 1)));
    (engine as unknown as { addImage: typeof addImage }).addImage = addImage;
    const files = [
      new File([new Uint8Array(4)], 'IM00001', { type: '' }),
      new File([new Uint8Array(4)], '1.2.840.113619.2.55.3.604688119.971', { type: '' }),
      new File([new Uint8Array(4)], 'series.bin', { type: 'application/octet-stream' }),
      new File([new Uint8Array(4)], 'ct', { type: 'application/dicom' }),
      new File(['x'], 'notes.txt', { type: 'text/plain' }),
    ];
    await loadFiles(files);
    expect(addImage.mock.calls.map((c) => c[1])).toEqual(['IM00001', '1.2.840.113619.2.55.3.604688119.971', 'series.bin', 'ct']);
    expect(useStudio.getState().notices.map((n) => n.title)).toEqual([`"\u2068notes.txt\u2069" is not an image`]);
  });
});

describe('values and identifying tags', () => {
  it('pass the engine\'s answers through; a failed readout is null', async () => {
    engine.pixelValue.mockResolvedValueOnce([-1000]).mockRejectedValueOnce(new Error('gone'));
    expect(await pixelValue('a', 1, 2)).toEqual([-1000]);
    expect(engine.pixelValue).toHaveBeenCalledWith('a', 1, 2);
    expect(await pixelValue('a', 1, 2)).toBeNull();
    engine.identifyingTags.mockResolvedValueOnce([{ label: 'Patient ID', value: 'X1' }]);
    expect(await identifyingTags('a')).toEqual([{ label: 'Patient ID', value: 'X1' }]);
    // Never kept in the store.
    expect(JSON.stringify(useStudio.getState())).not.toContain('X1');
  });
});
