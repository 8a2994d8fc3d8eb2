// Transparent images through the Engine itself (Node, wasm backend): what the model is fed and the preview
// the page shows are the image composited over the chosen background, and the map records it.

import { beforeAll, describe, expect, it } from 'vitest';
import type { RgbaImage } from '../shared/types';
import type { Engine } from './engine';
import { demoEngine } from './testEngine';

const N = 80;

/** A red square on `bg` (RGBA), as a decoder hands it over. */
function square(bg: number[]): RgbaImage {
  const data = new Uint8ClampedArray(N * N * 4);
  for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) data.set(x >= 20 && x < 60 && y >= 20 && y < 60 ? [220, 30, 30, 255] : bg, (y * N + x) * 4);
  return { width: N, height: N, data };
}

let engine: Engine;

beforeAll(async () => {
  engine = await demoEngine();
});

describe('Engine with a transparent image', () => {
  it('feeds and previews it over white by default, over black when chosen; opaque images are untouched', async () => {
    // (0, 0, 0, 0): what a canvas leaves in fully transparent pixels, whatever the file said
    const t = engine.restoreImagePixels('img901', square([0, 0, 0, 0]), 'logo.png');
    const white = engine.restoreImagePixels('img902', square([255, 255, 255, 255]), 'white.png');
    const black = engine.restoreImagePixels('img903', square([0, 0, 0, 255]), 'black.png');
    expect(t.background).toBe('white');
    expect(white.background).toBeUndefined();
    expect(Array.from(t.preview.data)).toEqual(Array.from(white.preview.data));
    const pt = await engine.predict('img901');
    expect(pt.probabilities).toEqual((await engine.predict('img902')).probabilities);
    expect(pt.probabilities).not.toEqual((await engine.predict('img903')).probabilities);
    const a = await engine.explain({ jobId: 'j1', imageId: 'img901', methodId: 'gradcam', target: pt.top });
    expect(a.run.background).toBe('white');
    expect((await engine.explain({ jobId: 'j2', imageId: 'img902', methodId: 'gradcam', target: pt.top })).run.background).toBeUndefined();

    const changed = engine.setImageBackground('black');
    expect(changed.map((i) => [i.id, i.background])).toEqual([['img901', 'black']]);
    expect(Array.from(changed[0].preview.data)).toEqual(Array.from(black.preview.data));
    expect((await engine.predict('img901')).probabilities).toEqual((await engine.predict('img903')).probabilities);
    // a transparent image added now is composited over black
    expect(engine.restoreImagePixels('img904', square([255, 255, 255, 0]), 'later.png').background).toBe('black');
    expect((await engine.predict('img904')).probabilities).toEqual((await engine.predict('img903')).probabilities);
    expect(engine.setImageBackground('black')).toEqual([]);
  });
});
