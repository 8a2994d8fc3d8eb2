import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Preprocessing, RgbaImage } from '../../shared/types';
import { LoadedModel } from '../model/loaded';
import { useBackend } from '../testing/node';
import { baselineImage, colourToInput } from './baselines';
import { inputPixels } from './perturb';
import { getMethod } from './registry';
import { contextOf, expectNoLeak, PREP } from './testkit';
import { OptionError, validateOptions } from './types';

const IMAGENET = { mean: [0.485, 0.456, 0.406] as [number, number, number], std: [0.229, 0.224, 0.225] as [number, number, number] };

function prep(extra: Partial<Preprocessing>, size = 4): Preprocessing {
  return { width: size, height: size, channels: 3, resize: 'stretch', scale: 'zeroOne', ...extra };
}

function solid(size: number, rgb: [number, number, number]): RgbaImage {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let p = 0; p < size * size; p++) data.set([...rgb, 255], p * 4);
  return { width: size, height: size, data };
}

/** baselineImage for an input tensor made from `values` ([1, H, W, C]), disposing the tensor. */
async function baselineOf(values: number[], shape: [number, number, number, number], p: Preprocessing | undefined, req: Parameters<typeof baselineImage>[2]): Promise<Float32Array> {
  const x = tf.tensor4d(values, shape);
  try {
    return await baselineImage({ preprocessing: p }, x, req);
  } finally {
    x.dispose();
  }
}

const round = (v: ArrayLike<number>, d = 4) => Array.from(v, (x) => +x.toFixed(d));

describe('baselines in the model input scale', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('black is black in every scale: 0, -1, -mean/std per channel (in the model’s channel order), 0 raw', async () => {
    const shape: [number, number, number, number] = [1, 1, 2, 3];
    const x = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
    const cases: [Partial<Preprocessing>, number[]][] = [
      [{ scale: 'zeroOne' }, [0, 0, 0]],
      [{ scale: 'minusOneOne' }, [-1, -1, -1]],
      [{ scale: 'raw255' }, [0, 0, 0]],
      [{ scale: 'meanStd', ...IMAGENET }, [-0.485 / 0.229, -0.456 / 0.224, -0.406 / 0.225]],
      // Caffe-style: mean and std are given in the model's (BGR) order, so black is still -mean/std per channel.
      [{ scale: 'meanStd', channelOrder: 'bgr', mean: [0.4, 0.45, 0.5], std: [0.2, 0.25, 0.3] }, [-2, -1.8, -0.5 / 0.3]],
      [{ scale: 'minusOneOne', grayscale: true }, [-1, -1, -1]],
    ];
    for (const [p, black] of cases) {
      const b = await baselineOf(x, shape, prep(p, 2), { kind: 'black' });
      expect(round(b), JSON.stringify(p)).toEqual(round([...black, ...black]));
    }
    // Without preprocessing: the all-zeros input (the papers' baseline).
    expect(Array.from(await baselineOf(x, shape, undefined, { kind: 'black' }))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('a chosen colour lands in the model’s channel order and greyness', async () => {
    const shape: [number, number, number, number] = [1, 1, 1, 3];
    const red = (p: Partial<Preprocessing>) => baselineOf([0, 0, 0], shape, prep(p, 1), { kind: 'color', color: '#ff0000' });
    expect(round(await red({ scale: 'zeroOne' }))).toEqual([1, 0, 0]);
    expect(round(await red({ scale: 'minusOneOne' }))).toEqual([1, -1, -1]);
    expect(round(await red({ scale: 'raw255', channelOrder: 'bgr' }))).toEqual([0, 0, 255]);
    // BGR model with mean/std in BGR order: B = 0, G = 0, R = 1.
    expect(round(await red({ scale: 'meanStd', channelOrder: 'bgr', mean: [0.4, 0.45, 0.5], std: [0.2, 0.25, 0.3] }))).toEqual(round([-2, -1.8, 0.5 / 0.3]));
    // Greyscale: luminance 0.299 * 255 in every channel, then scaled to [-1, 1].
    const grey = 0.299 * 255 / 127.5 - 1;
    expect(round(await red({ scale: 'minusOneOne', grayscale: true }))).toEqual(round([grey, grey, grey]));
    const one = await baselineOf([0], [1, 1, 1, 1], { ...prep({}, 1), channels: 1 }, { kind: 'color', color: '#00ff00' });
    expect(round(one)).toEqual([0.587]);
    await expect(baselineOf([0, 0, 0], shape, prep({}, 1), { kind: 'color', color: 'red' })).rejects.toThrow(/#rrggbb/);
  });

  it('the mean colour is the per-channel mean, and each region’s mean colour its own', async () => {
    const x = [0, 1, 2, 10, 20, 30, 4, 5, 6, 40, 50, 60]; // 2 x 2 pixels, 3 channels
    const shape: [number, number, number, number] = [1, 2, 2, 3];
    const mean = await baselineOf(x, shape, undefined, { kind: 'mean' });
    expect(round(mean.slice(0, 3))).toEqual([13.5, 19, 24.5]);
    expect(round(mean.slice(9))).toEqual([13.5, 19, 24.5]);
    const regions = { labels: Int32Array.from([0, 1, 0, 1]), count: 2 };
    const rm = await baselineOf(x, shape, undefined, { kind: 'regionMean', regions });
    expect(round(rm)).toEqual([2, 3, 4, 25, 35, 45, 2, 3, 4, 25, 35, 45]);
    await expect(baselineOf(x, shape, undefined, { kind: 'regionMean' })).rejects.toThrow(OptionError);
    await expect(baselineOf(x, shape, undefined, { kind: 'sepia' as never })).rejects.toThrow(OptionError);
  });

  it('the blur of a flat image is the same flat image (renormalised at the border)', async () => {
    const x = Array.from({ length: 8 * 8 * 3 }, (_, i) => [0.2, -0.4, 0.9][i % 3]);
    const b = await baselineOf(x, [1, 8, 8, 3], undefined, { kind: 'blur' });
    for (let i = 0; i < b.length; i++) expect(b[i]).toBeCloseTo(x[i], 5);
  });

  it('noise is random pixels in the model’s scale: within black..white per channel, grey for greyscale models, fixed by the seed', async () => {
    const size = 32;
    const x = new Array(size * size * 3).fill(0);
    const shape: [number, number, number, number] = [1, size, size, 3];
    const p = prep({ scale: 'meanStd', ...IMAGENET }, size);
    const a = await baselineOf(x, shape, p, { kind: 'noise', seed: 7 });
    const again = await baselineOf(x, shape, p, { kind: 'noise', seed: 7 });
    const other = await baselineOf(x, shape, p, { kind: 'noise', seed: 8 });
    expect(Array.from(again)).toEqual(Array.from(a));
    expect(Array.from(other)).not.toEqual(Array.from(a));
    for (let c = 0; c < 3; c++) {
      const lo = (0 - IMAGENET.mean[c]) / IMAGENET.std[c];
      const hi = (1 - IMAGENET.mean[c]) / IMAGENET.std[c];
      let sum = 0;
      for (let i = c; i < a.length; i += 3) {
        expect(a[i]).toBeGreaterThanOrEqual(lo - 1e-6);
        expect(a[i]).toBeLessThanOrEqual(hi + 1e-6);
        sum += a[i];
      }
      // Uniform pixels: the mean sits near mid-grey of the channel (1024 draws, sd of the mean ~0.009 of the range).
      expect(Math.abs(sum / (size * size) - (lo + hi) / 2)).toBeLessThan(0.05 * (hi - lo));
    }
    const grey = await baselineOf(x, shape, prep({ scale: 'minusOneOne', grayscale: true }, size), { kind: 'noise', seed: 7 });
    for (let i = 0; i < grey.length; i += 3) {
      expect(grey[i + 1]).toBeCloseTo(grey[i], 6);
      expect(grey[i + 2]).toBeCloseTo(grey[i], 6);
    }
    // Without preprocessing: uniform within the input's own range.
    const raw = await baselineOf([-3, 5, 1, 2, 0, 4], [1, 1, 2, 3], undefined, { kind: 'noise', seed: 1 });
    expect(Math.min(...raw)).toBeGreaterThanOrEqual(-3);
    expect(Math.max(...raw)).toBeLessThanOrEqual(5);
  });

  it('leaves no tensor behind', async () => {
    const x = tf.randomUniform([1, 8, 8, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
    for (const kind of ['black', 'mean', 'blur', 'noise', 'color'] as const) await expectNoLeak(() => baselineImage({ preprocessing: prep({}, 8) }, x, { kind }));
    x.dispose();
  });

  // Moved from lime.test.ts with the helpers.
  it('maps input values back to pixels and colours into the input scale', () => {
    const v = Float32Array.from([0, 0.5, 1, 1, 1, 1]);
    const px = inputPixels(v, 1, 2, 3, PREP);
    expect(Array.from(px.data)).toEqual([0, 128, 255, 255, 255, 255, 255, 255]);
    const stretched = inputPixels(Float32Array.from([-2, 0, 2, 2, 2, 2]), 1, 2, 3);
    expect(stretched.data[0]).toBe(0);
    expect(stretched.data[2]).toBe(255);
    expect(Array.from(colourToInput('#ff0000', 3, { ...PREP, scale: 'minusOneOne' }, { min: 0, max: 1 }))).toEqual([1, -1, -1]);
    expect(Array.from(colourToInput('#000000', 3, undefined, { min: -2, max: 2 }))).toEqual([-2, -2, -2]);
    expect(() => colourToInput('red', 3, PREP, { min: 0, max: 1 })).toThrow(/#rrggbb/);
  });
});

// ---------------------------------------------------------------------------------------------------
// What each method feeds the model. A layer that records every input it is applied to sits in front of a
// small CNN; a constant-colour image X is explained with the "black" baseline. Every input a method makes
// hides pixels by mixing the image with its baseline b: each fed pixel is b + m (X - b) with one m in
// [0, 1] for all channels. So every fed pixel must lie on the segment from b to X, and some must be b
// itself. b is written out here by hand: -1 for [-1, 1], -mean/std for ImageNet mean/std.

class InputRecorder extends tf.layers.Layer {
  static className = 'InputRecorder';
  readonly seen: Float32Array[] = [];

  override computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const n = x.shape[0] as number;
    const per = x.size / n;
    const v = x.dataSync() as Float32Array;
    for (let i = 0; i < n; i++) this.seen.push(v.slice(i * per, (i + 1) * per));
    return x;
  }
}

const SIDE = 8;
const COLOUR: [number, number, number] = [200, 60, 120];

function recordingModel(p: Preprocessing): { lm: LoadedModel; recorder: InputRecorder } {
  const recorder = new InputRecorder({ inputShape: [SIDE, SIDE, 3], name: 'recorder' });
  const model = tf.sequential({ name: 'recording' });
  model.add(recorder);
  model.add(tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  model.add(tf.layers.globalAveragePooling2d({ name: 'gap' }));
  model.add(tf.layers.dense({ units: 2, activation: 'softmax', name: 'out', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  return { lm: new LoadedModel(model, { name: 'recording', labels: ['a', 'b'], preprocessing: p }), recorder };
}

/** The six methods that hide pixels, each set to the black baseline with small budgets. */
const HIDING: [string, Record<string, number | string>][] = [
  ['occlusion', { window: SIDE, stride: SIDE }],
  ['rise', { masks: 10, grid: 2, keep: 0.05, seed: 1 }],
  ['scorecam', { layer: 'conv' }],
  ['intgrad', { steps: 2 }],
  ['lime', { segmentation: 'grid', segments: 4, samples: 20, seed: 1 }],
  ['shap', { segmentation: 'grid', segments: 4, seed: 1 }],
];

/** How the fed pixels relate to black b and the image colour X: off the b..X segment, and how many are exactly b. */
function fedAgainst(seen: Float32Array[], black: number[], X: number[]): { offSegment: number; blackPixels: number; pixels: number } {
  let offSegment = 0;
  let blackPixels = 0;
  let pixels = 0;
  for (const img of seen) {
    for (let p = 0; p < img.length; p += 3) {
      pixels++;
      const m = [0, 1, 2].map((c) => (img[p + c] - black[c]) / (X[c] - black[c]));
      if (Math.min(...m) < -1e-4 || Math.max(...m) > 1 + 1e-4 || Math.max(...m) - Math.min(...m) > 1e-3) offSegment++;
      if ([0, 1, 2].every((c) => Math.abs(img[p + c] - black[c]) < 1e-5)) blackPixels++;
    }
  }
  return { offSegment, blackPixels, pixels };
}

describe('the "black" baseline each hiding method feeds the model', () => {
  const scales: { name: string; prep: Preprocessing; black: number[]; X: number[] }[] = [
    {
      name: '[-1, 1] (Teachable Machine)',
      prep: prep({ scale: 'minusOneOne' }, SIDE),
      black: [-1, -1, -1],
      X: COLOUR.map((v) => v / 127.5 - 1),
    },
    {
      name: 'mean/std (ImageNet)',
      prep: prep({ scale: 'meanStd', ...IMAGENET }, SIDE),
      black: [0, 1, 2].map((c) => -IMAGENET.mean[c] / IMAGENET.std[c]),
      X: [0, 1, 2].map((c) => (COLOUR[c] / 255 - IMAGENET.mean[c]) / IMAGENET.std[c]),
    },
  ];
  const models: LoadedModel[] = [];
  beforeAll(async () => {
    await useBackend('wasm');
  });
  afterAll(() => models.forEach((m) => m.dispose()));

  for (const s of scales) {
    for (const [id, options] of HIDING) {
      it(`${id}, ${s.name}: hidden pixels are black in the model's scale`, async () => {
        const { lm, recorder } = recordingModel(s.prep);
        models.push(lm);
        const method = getMethod(id);
        const x = lm.inputTensor(solid(SIDE, COLOUR));
        // The image the model gets is X, as computed by hand.
        expect(round(x.dataSync().slice(0, 3))).toEqual(round(s.X));
        recorder.seen.length = 0;
        await expectNoLeak(() => method.explain(contextOf(lm, { preprocessing: s.prep, batchSize: 8 }), x, 1, validateOptions(method, { ...options, baseline: 'black' })));
        x.dispose();
        const fed = fedAgainst(recorder.seen, s.black, s.X);
        expect(recorder.seen.length, 'the model was fed').toBeGreaterThan(1);
        expect(fed.offSegment, `${fed.offSegment} of ${fed.pixels} fed pixels are neither the image, black nor a mix of the two`).toBe(0);
        expect(fed.blackPixels, 'no fed pixel is black in the model scale').toBeGreaterThan(0);
      });
    }
  }

  it('the recorder tells another baseline apart: the mean colour of a flat image is never black', async () => {
    const s = scales[0];
    const { lm, recorder } = recordingModel(s.prep);
    models.push(lm);
    const method = getMethod('occlusion');
    const x = lm.inputTensor(solid(SIDE, COLOUR));
    recorder.seen.length = 0;
    await method.explain(contextOf(lm, { preprocessing: s.prep }), x, 1, validateOptions(method, { window: SIDE, stride: SIDE, baseline: 'mean' }));
    x.dispose();
    expect(fedAgainst(recorder.seen, s.black, s.X).blackPixels).toBe(0);
    // and the old "zeros" fill would have been off the black..X segment for this model
    expect(fedAgainst([new Float32Array(3)], s.black, s.X).offSegment).toBe(1);
  });
});
