// From a decoded RGBA image to the model's input: crop/resize to the input size, then scale.
// Pure array code (no canvas), so it runs the same in the worker and in Node.

import type { Preprocessing, RgbaImage } from '../../shared/types';
import { cropBox } from '../../shared/geometry';

export { cropBox };

/**
 * Resamples a region of `src` to outW x outH. Downscaling averages every source pixel that falls in
 * a target pixel (box filter, no aliasing); upscaling interpolates bilinearly.
 */
export function resizeRgba(src: RgbaImage, outW: number, outH: number, box = { x: 0, y: 0, w: src.width, h: src.height }): RgbaImage {
  const out = new Uint8ClampedArray(outW * outH * 4);
  const sx = box.w / outW;
  const sy = box.h / outH;
  const { data, width } = src;
  if (sx >= 1 && sy >= 1) {
    for (let y = 0; y < outH; y++) {
      const y0 = box.y + Math.floor(y * sy);
      const y1 = Math.max(y0 + 1, box.y + Math.floor((y + 1) * sy));
      for (let x = 0; x < outW; x++) {
        const x0 = box.x + Math.floor(x * sx);
        const x1 = Math.max(x0 + 1, box.x + Math.floor((x + 1) * sx));
        let r = 0, g = 0, b = 0, a = 0;
        for (let yy = y0; yy < y1; yy++) {
          let o = (yy * width + x0) * 4;
          for (let xx = x0; xx < x1; xx++, o += 4) {
            r += data[o];
            g += data[o + 1];
            b += data[o + 2];
            a += data[o + 3];
          }
        }
        const n = (y1 - y0) * (x1 - x0);
        const p = (y * outW + x) * 4;
        out[p] = r / n;
        out[p + 1] = g / n;
        out[p + 2] = b / n;
        out[p + 3] = a / n;
      }
    }
    return { width: outW, height: outH, data: out };
  }
  for (let y = 0; y < outH; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), box.h - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, box.h - 1);
    const wy = fy - y0;
    for (let x = 0; x < outW; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), box.w - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, box.w - 1);
      const wx = fx - x0;
      const p = (y * outW + x) * 4;
      const o00 = ((box.y + y0) * width + box.x + x0) * 4;
      const o01 = ((box.y + y0) * width + box.x + x1) * 4;
      const o10 = ((box.y + y1) * width + box.x + x0) * 4;
      const o11 = ((box.y + y1) * width + box.x + x1) * 4;
      for (let c = 0; c < 4; c++) {
        const top = data[o00 + c] * (1 - wx) + data[o01 + c] * wx;
        const bot = data[o10 + c] * (1 - wx) + data[o11 + c] * wx;
        out[p + c] = top * (1 - wy) + bot * wy;
      }
    }
  }
  return { width: outW, height: outH, data: out };
}

/** Scaled channel values, HWC, ready for a [1, H, W, C] tensor. */
export function toInputArray(img: RgbaImage, prep: Preprocessing): Float32Array {
  const box = cropBox(img.width, img.height, prep.resize);
  const r = img.width === prep.width && img.height === prep.height && box.w === img.width ? img : resizeRgba(img, prep.width, prep.height, box);
  const n = prep.width * prep.height;
  const C = prep.channels;
  const out = new Float32Array(n * C);
  const mean = prep.mean ?? [0, 0, 0];
  const std = prep.std ?? [1, 1, 1];
  const bgr = prep.channelOrder === 'bgr';
  for (let i = 0; i < n; i++) {
    const px = [r.data[i * 4], r.data[i * 4 + 1], r.data[i * 4 + 2]];
    const grey = 0.299 * px[0] + 0.587 * px[1] + 0.114 * px[2];
    const vals = C === 1 ? [grey] : prep.grayscale ? [grey, grey, grey] : bgr ? [px[2], px[1], px[0]] : px;
    for (let c = 0; c < C; c++) {
      const v = vals[c];
      let s: number;
      switch (prep.scale) {
        case 'zeroOne': s = v / 255; break;
        case 'minusOneOne': s = v / 127.5 - 1; break;
        case 'meanStd': s = (v / 255 - mean[c]) / std[c]; break;
        case 'raw255': s = v; break;
      }
      out[i * C + c] = s;
    }
  }
  return out;
}

/** Nearest-neighbour resize of a 0/1 mask (for ground truth at model resolution). */
export function resizeMask(mask: Uint8Array, w: number, h: number, outW: number, outH: number): Uint8Array {
  const out = new Uint8Array(outW * outH);
  for (let y = 0; y < outH; y++) {
    const sy = Math.min(h - 1, Math.floor(((y + 0.5) * h) / outH));
    for (let x = 0; x < outW; x++) {
      const sx = Math.min(w - 1, Math.floor(((x + 0.5) * w) / outW));
      out[y * outW + x] = mask[sy * w + sx];
    }
  }
  return out;
}
