import { describe, expect, it } from 'vitest';
import { downscaleTo, previewAndThumb } from './thumbnails';
import type { RgbaImage } from '../../shared/types';

function solid(width: number, height: number, v: number): RgbaImage {
  return { width, height, data: new Uint8ClampedArray(width * height * 4).fill(v) };
}

describe('previews and thumbnails', () => {
  it('keeps the aspect ratio with the longest side at 512 (preview) and 128 (thumbnail)', () => {
    const { preview, thumb } = previewAndThumb(solid(1024, 768, 200));
    expect([preview.width, preview.height]).toEqual([512, 384]);
    expect([thumb.width, thumb.height]).toEqual([128, 96]);
    expect(thumb.data.length).toBe(128 * 96 * 4);
    expect(thumb.data.every((v) => v === 200)).toBe(true); // a box filter keeps a flat colour flat
    const tall = previewAndThumb(solid(300, 1200, 1));
    expect([tall.preview.width, tall.preview.height, tall.thumb.width, tall.thumb.height]).toEqual([128, 512, 32, 128]);
  });

  it('copies a small image rather than sharing its buffer, so the copy can be transferred', () => {
    const img = solid(40, 30, 7);
    const { preview, thumb } = previewAndThumb(img);
    expect(preview.data.buffer).not.toBe(img.data.buffer);
    expect(thumb.data.buffer).not.toBe(preview.data.buffer);
    expect([thumb.width, thumb.height]).toEqual([40, 30]);
    expect(downscaleTo(solid(1, 5000, 0), 128)).toMatchObject({ width: 1, height: 128 });
  });
});
