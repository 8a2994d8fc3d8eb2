import { beforeEach, describe, expect, it } from 'vitest';
import { actions, initialState, predictionOf, useStudio } from './store';
import type { ImageInfo, MethodDescriptor } from '../shared/types';

const img = (id: string): ImageInfo => ({ id, name: id, width: 1, height: 1, source: 'user', preview: { width: 1, height: 1, data: new Uint8ClampedArray(4) } });

describe('studio store', () => {
  beforeEach(() => useStudio.setState({ ...initialState }, true));

  it('selects the first added image when nothing is selected, and keeps a selection otherwise', () => {
    actions.addImages([img('a'), img('b')]);
    expect(useStudio.getState().selectedId).toBe('a');
    actions.addImages([img('c')]);
    expect(useStudio.getState().selectedId).toBe('a');
    actions.addImages([img('d')], true);
    expect(useStudio.getState().selectedId).toBe('d');
  });

  it('moves the selection when the selected image is removed, and keeps the other images', () => {
    actions.addImages([img('a'), img('b')]);
    actions.removeImage('a');
    expect(useStudio.getState().images.map((i) => i.id)).toEqual(['b']);
    expect(useStudio.getState().selectedId).toBe('b');
    actions.removeImage('b');
    expect(useStudio.getState().selectedId).toBeNull();
  });

  it('keeps at most six notices, newest last', () => {
    for (let i = 0; i < 8; i++) actions.notify({ kind: 'error', title: `t${i}`, detail: '' });
    const n = useStudio.getState().notices;
    expect(n).toHaveLength(6);
    expect(n[5].title).toBe('t7');
    actions.dismiss(n[0].id);
    expect(useStudio.getState().notices.map((x) => x.title)).not.toContain('t2');
  });

  it('resets the target class when another image is selected', () => {
    actions.setTarget(2);
    actions.select('x');
    expect(useStudio.getState().target).toBeNull();
  });

  it('opens with the registry’s default method and comparison set when the methods arrive, and keeps a choice made', () => {
    const d = (id: string, o: Partial<MethodDescriptor> = {}): MethodDescriptor => ({
      id, label: id, summary: '', about: '', kind: 'cam', signed: false, defaultOptions: {}, options: [], compatible: true, openByDefault: false, compareByDefault: false, ...o,
    });
    const methods = [d('m1', { compatible: false, openByDefault: true }), d('m2', { compareByDefault: true }), d('m3', { openByDefault: true, compareByDefault: true })];
    expect(useStudio.getState().methodId).toBe('');
    useStudio.setState({ methods });
    // m1 is the default but cannot run on this model; m3 is the compatible default.
    expect(useStudio.getState().methodId).toBe('m3');
    expect(useStudio.getState().compareMethods).toEqual(['m2', 'm3']);
    actions.setMethod('m2');
    actions.toggleCompare('m2');
    useStudio.setState({ methods: [...methods] });
    expect(useStudio.getState().methodId).toBe('m2');
    expect(useStudio.getState().compareMethods).toEqual(['m3']);
  });
});

describe('predictionOf', () => {
  const prediction = { labels: ['a', 'b'], probabilities: [0.3, 0.7], top: 1 };
  it('gives the held prediction only for the image it was made for (key imageId@backend), on any backend', () => {
    expect(predictionOf({ prediction, predictionFor: 'img-2@wasm' }, 'img-2')).toBe(prediction);
    expect(predictionOf({ prediction, predictionFor: 'img-2@webgl' }, 'img-2')).toBe(prediction);
    // another image, a bare id without the backend, an id that only starts the same, no image, no prediction
    expect(predictionOf({ prediction, predictionFor: 'img-2@wasm' }, 'img-20')).toBeNull();
    expect(predictionOf({ prediction, predictionFor: 'img-2' }, 'img-2')).toBeNull();
    expect(predictionOf({ prediction, predictionFor: 'img-20@wasm' }, 'img-2')).toBeNull();
    expect(predictionOf({ prediction, predictionFor: 'img-2@wasm' }, null)).toBeNull();
    expect(predictionOf({ prediction: null, predictionFor: 'img-2@wasm' }, 'img-2')).toBeNull();
  });
});
