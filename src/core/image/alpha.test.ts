import { beforeAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import * as tf from '@tensorflow/tfjs';
import { compositeOver, isOpaque } from './alpha';
import { toInputArray } from './preprocess';
import { BACKGROUND_RGB } from '../../shared/background';
import type { RgbaImage } from '../../shared/types';
import { loadDemoModel, useBackend } from '../testing/node';

const SIZE = 96;
const inSquare = (x: number, y: number) => x >= 32 && x < 64 && y >= 32 && y < 64;

/** A PNG file: a red square in the middle of a background of `bg` (RGBA). */
function squarePng(bg: [number, number, number, number]): Buffer {
  const png = new PNG({ width: SIZE, height: SIZE });
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) png.data.set(inSquare(x, y) ? [220, 30, 30, 255] : bg, (y * SIZE + x) * 4);
  }
  return PNG.sync.write(png);
}

/** The file decoded by pngjs (an independent decoder), straight alpha as getImageData gives it. */
function decoded(file: Buffer): RgbaImage {
  const p = PNG.sync.read(file);
  return { width: p.width, height: p.height, data: new Uint8ClampedArray(p.data) };
}

/** What a canvas does to fully transparent pixels (premultiplied storage): their colour becomes 0, 0, 0. */
function asCanvasKeepsIt(img: RgbaImage): RgbaImage {
  const data = img.data.slice();
  for (let i = 0; i < data.length; i += 4) if (data[i + 3] === 0) data.set([0, 0, 0, 0], i);
  return { ...img, data };
}

describe('compositeOver', () => {
  it('a pixel of alpha 128 over white and over black, by hand; alpha 0 and 255 exactly', () => {
    const img: RgbaImage = { width: 3, height: 1, data: new Uint8ClampedArray([255, 0, 0, 128, 10, 20, 30, 0, 10, 20, 30, 255]) };
    // 128/255 of (255, 0, 0) + 127/255 of (255, 255, 255) = (255, 127, 127); of black: (128, 0, 0)
    expect(Array.from(compositeOver(img, [255, 255, 255]).data)).toEqual([255, 127, 127, 255, 255, 255, 255, 255, 10, 20, 30, 255]);
    expect(Array.from(compositeOver(img, [0, 0, 0]).data)).toEqual([128, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 255]);
    expect(isOpaque(img)).toBe(false);
    expect(isOpaque(compositeOver(img, [0, 0, 0]))).toBe(true);
  });
});

describe('a red square on a transparent background is fed as the person sees it', () => {
  const transparentWhite = squarePng([255, 255, 255, 0]);
  const onWhite = decoded(squarePng([255, 255, 255, 255]));
  const onBlack = decoded(squarePng([0, 0, 0, 255]));
  const prep = { width: 64, height: 64, channels: 3, resize: 'stretch', scale: 'zeroOne' } as const;

  it('its model input equals that of the same square on white (and on black when black is chosen), however the decoder left the transparent pixels', () => {
    for (const img of [decoded(transparentWhite), asCanvasKeepsIt(decoded(transparentWhite)), decoded(squarePng([0, 255, 0, 0]))]) {
      expect(toInputArray(compositeOver(img, BACKGROUND_RGB.white), prep)).toEqual(toInputArray(onWhite, prep));
      expect(toInputArray(compositeOver(img, BACKGROUND_RGB.black), prep)).toEqual(toInputArray(onBlack, prep));
    }
    // without compositing, what the canvas leaves is the square on black: the bug this fixes
    expect(toInputArray(asCanvasKeepsIt(decoded(transparentWhite)), prep)).not.toEqual(toInputArray(onWhite, prep));
  });

  describe('on the demo model', () => {
    beforeAll(async () => {
      await useBackend('cpu');
    });

    it('predicts the same as for the square on white, and leaks no tensors', async () => {
      const model = await loadDemoModel();
      const before = tf.memory().numTensors;
      const predict = async (img: RgbaImage) => {
        const x = model.inputTensor(img);
        const p = await model.probabilities(x);
        x.dispose();
        return p;
      };
      const fed = await predict(compositeOver(asCanvasKeepsIt(decoded(transparentWhite)), BACKGROUND_RGB.white));
      expect(fed).toEqual(await predict(onWhite));
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    });
  });
});
