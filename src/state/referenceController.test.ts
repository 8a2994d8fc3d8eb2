import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImageInfo, ModelSummary } from '../shared/types';
import type { ReferenceRegion } from '../shared/region';

// The engine records what the page sends (the worker's scoring is tested in worker/reference.test.ts).
const calls = vi.hoisted(() => [] as unknown[][]);
vi.mock('./controller', () => ({
  getEngine: () => ({
    referenceScores: async (...args: unknown[]) => {
      calls.push(args);
      return { regionCells: 0, gridCells: 4, scores: [] };
    },
  }),
}));

const { referenceActions, referenceOf, scoreReference } = await import('./referenceController');
const { actions, initialState, useStudio } = await import('./store');

const gt: ReferenceRegion = { imageWidth: 4, imageHeight: 4, shapes: [{ kind: 'mask', width: 1, height: 1, data: new Uint8Array([1]) }], source: 'ground-truth' };
const img = (id: string, extra: Partial<ImageInfo> = {}): ImageInfo => ({ id, name: id, width: 4, height: 4, preview: { width: 4, height: 4, data: new Uint8ClampedArray(64) }, source: 'demo', ...extra });

beforeEach(() => {
  useStudio.setState({ ...initialState });
  calls.length = 0;
});

describe('the reference region of each image', () => {
  it('defaults to the ground truth, is replaced by drawing, cleared, and brought back', () => {
    const a = img('a', { groundTruth: gt });
    const b = img('b');
    actions.addImages([a, b]);
    expect(referenceOf(useStudio.getState(), a)).toBe(gt);
    expect(referenceOf(useStudio.getState(), b)).toBeNull();
    // Drawing over the ground truth starts the person's own region.
    referenceActions.addShape(a, { kind: 'stroke', points: [1, 1], radius: 1 });
    referenceActions.addShape(a, { kind: 'polygon', points: [0, 0, 1, 0, 1, 1] });
    const drawn = referenceOf(useStudio.getState(), a)!;
    expect(drawn.source).toBe('drawn');
    expect(drawn.shapes.map((s) => s.kind)).toEqual(['stroke', 'polygon']);
    // Kept while another image is selected.
    actions.select('b');
    actions.select('a');
    expect(referenceOf(useStudio.getState(), a)).toBe(drawn);
    referenceActions.undo(a);
    expect(referenceOf(useStudio.getState(), a)!.shapes.map((s) => s.kind)).toEqual(['stroke']);
    referenceActions.clear('a');
    expect(referenceOf(useStudio.getState(), a)).toBeNull();
    referenceActions.useGroundTruth('a');
    expect(referenceOf(useStudio.getState(), a)).toBe(gt);
  });

  it('a polygon is closed from 3 vertices; the regions of removed images go with them', () => {
    const a = img('a');
    actions.addImages([a]);
    referenceActions.addVertex('a', 0, 0);
    referenceActions.addVertex('a', 4, 0);
    referenceActions.closePolygon(a); // 2 vertices: dropped
    expect(referenceOf(useStudio.getState(), a)).toBeNull();
    for (const [x, y] of [[0, 0], [4, 0], [4, 4]]) referenceActions.addVertex('a', x, y);
    referenceActions.closePolygon(a);
    expect(referenceOf(useStudio.getState(), a)!.shapes).toEqual([{ kind: 'polygon', points: [0, 0, 4, 0, 4, 4] }]);
    expect(useStudio.getState().polygonDraft).toBeNull();
    actions.removeImage('a');
    expect(useStudio.getState().references).toEqual({});
  });
});

describe('scoring goes through the model crop box', () => {
  it('a centre-cropping model scores an 8x4 image over its middle 4x4; a stretching one over all of it', async () => {
    const wide = img('w', { width: 8, height: 4 });
    const left: ReferenceRegion = { imageWidth: 8, imageHeight: 4, shapes: [{ kind: 'polygon', points: [0, 0, 2, 0, 2, 4, 0, 4] }], source: 'drawn' };
    const map = { id: 'm', values: new Float32Array([1, 0, 0, 0]), width: 2, height: 2 };
    const crop = { preprocessing: { resize: 'centerCrop' } } as ModelSummary;
    const stretch = { preprocessing: { resize: 'stretch' } } as ModelSummary;
    await scoreReference([map], left, wide, crop);
    expect(calls[0]).toEqual([[map], left, { x: 2, y: 0, w: 4, h: 4 }]);
    await scoreReference([map], left, wide, stretch);
    expect(calls[1][2]).toEqual({ x: 0, y: 0, w: 8, h: 4 });
    // No model yet: the whole image.
    await scoreReference([map], left, wide, null);
    expect(calls[2][2]).toEqual({ x: 0, y: 0, w: 8, h: 4 });
  });
});
