// Expected values computed by hand (the arithmetic is in each comment), not by the code under test.
import { describe, expect, it } from 'vitest';
import {
  FIT,
  MAX_SCALE,
  clampView,
  dragWindow,
  formatPixel,
  imageToMap,
  mapValueAt,
  panBy,
  sameWindow,
  viewportToImage,
  wheelFactor,
  windowSensitivity,
  zoomAt,
} from './viewMath';

// A 400 x 300 CSS px viewport throughout.
const W = 400;
const H = 300;

describe('zoom and pan', () => {
  it('zooms about the pointer: the stage point under it stays under it', () => {
    // 2x about (100, 50): tx = 100 - (100 - 0) * 2 = -100, ty = 50 - 50 * 2 = -50.
    const t = zoomAt(FIT, 2, 100, 50, W, H);
    expect(t).toEqual({ scale: 2, tx: -100, ty: -50 });
    // Viewport (100, 50) shows stage ((100 + 100) / 2, (50 + 50) / 2) = (100, 50), as before the zoom.
    expect(((100 - t.tx) / t.scale)).toBe(100);
    expect(((50 - t.ty) / t.scale)).toBe(50);
    // Zooming back out by 0.5 about the same point returns to fit exactly.
    expect(zoomAt(t, 0.5, 100, 50, W, H)).toEqual(FIT);
  });

  it('never zooms below fit nor above the maximum', () => {
    expect(zoomAt(FIT, 0.5, 200, 150, W, H)).toEqual(FIT);
    const max = { scale: MAX_SCALE, tx: -1000, ty: -1000 };
    expect(zoomAt(max, 2, 10, 10, W, H)).toEqual(max);
  });

  it('clamps the pan so the image always covers the viewport', () => {
    // At 2x the stage is 800 x 600: tx in [400 - 800, 0] = [-400, 0], ty in [-300, 0].
    expect(clampView({ scale: 2, tx: -1000, ty: 50 }, W, H)).toEqual({ scale: 2, tx: -400, ty: 0 });
    // From (-100, -50), a drag of (30, -500): (-70, -550) -> ty clamped to -300.
    expect(panBy({ scale: 2, tx: -100, ty: -50 }, 30, -500, W, H)).toEqual({ scale: 2, tx: -70, ty: -300 });
    // At fit nothing moves.
    expect(panBy(FIT, 40, 40, W, H)).toEqual(FIT);
  });

  it('turns wheel notches into zoom steps of 1.25', () => {
    expect(wheelFactor(-100)).toBeCloseTo(1.25, 12);
    expect(wheelFactor(100)).toBeCloseTo(0.8, 12);
    expect(wheelFactor(-200)).toBeCloseTo(1.5625, 12);
    // A burst of deltaY 1000 counts as 3 notches: 1.25^-3 = 0.512.
    expect(wheelFactor(1000)).toBeCloseTo(0.512, 12);
  });
});

describe('pointer -> image pixel -> map cell', () => {
  it('maps a viewport point through the zoom to a source pixel', () => {
    // 2x, tx -100, ty -50; a 512 x 384 image. Viewport (300, 150) -> stage ((300+100)/2, (150+50)/2) = (200, 100)
    // -> pixel (floor(200/400*512), floor(100/300*384)) = (256, 128).
    expect(viewportToImage({ scale: 2, tx: -100, ty: -50 }, 300, 150, W, H, 512, 384)).toEqual({ x: 256, y: 128 });
    // At fit: (399.9, 0) -> floor(511.87) = 511; (400, 0) is past the last pixel; (-1, 0) before the first.
    expect(viewportToImage(FIT, 399.9, 0, W, H, 512, 384)).toEqual({ x: 511, y: 0 });
    expect(viewportToImage(FIT, 400, 0, W, H, 512, 384)).toBeNull();
    expect(viewportToImage(FIT, -1, 0, W, H, 512, 384)).toBeNull();
  });

  it('maps a source pixel into a centre-cropped 7 x 7 map', () => {
    // 640 x 480 image, centre crop: box x 80, w 480. Cells are 480/7 = 68.57 px wide.
    const box = { x: 80, y: 0, w: 480, h: 480 };
    expect(imageToMap(80, 0, box, 7, 7)).toEqual({ x: 0, y: 0 });
    expect(imageToMap(79, 10, box, 7, 7)).toBeNull(); // left of the crop: the model never saw it
    expect(imageToMap(560, 0, box, 7, 7)).toBeNull(); // right of it
    // Pixel 148 has its centre at 148.5 - 80 = 68.5 < 68.57: still cell 0; pixel 149 (69.5) is cell 1.
    expect(imageToMap(148, 0, box, 7, 7)).toEqual({ x: 0, y: 0 });
    expect(imageToMap(149, 0, box, 7, 7)).toEqual({ x: 1, y: 0 });
    // The centre (320, 240): (240.5 / 480) * 7 = 3.507 -> cell 3 both ways; the last pixel is cell 6.
    expect(imageToMap(320, 240, box, 7, 7)).toEqual({ x: 3, y: 3 });
    expect(imageToMap(559, 479, box, 7, 7)).toEqual({ x: 6, y: 6 });
  });

  it('reads the map value under a pixel, row-major', () => {
    const map = { values: Float32Array.from([1, 2, 3, 4]), width: 2, height: 2 };
    const box = { x: 0, y: 0, w: 10, h: 10 };
    expect(mapValueAt(map, 7, 2, box)).toBe(2); // column 1, row 0
    expect(mapValueAt(map, 2, 9, box)).toBe(3); // column 0, row 1
    expect(mapValueAt(map, 10, 0, box)).toBeNull();
  });
});

describe('window/level drag', () => {
  it('scales with the value range: a CT of -2000..2278 HU moves 4278/512 HU per pixel', () => {
    expect(windowSensitivity([-2000, 2278])).toBe(8.35546875);
    expect(windowSensitivity([0, 255])).toBe(0.498046875);
    expect(windowSensitivity([5, 5])).toBe(0.125);
  });

  it('right widens, down raises the center (cornerstone WWWC)', () => {
    // Mediastinum 400/40, drag 130 px right and 20 px up at 8.35546875 HU/px:
    // width 400 + 1086.2 = 1486, center 40 - 167.1 = -127.
    expect(dragWindow({ center: 40, width: 400 }, 130, -20, 8.35546875)).toEqual({ center: -127, width: 1486 });
    // 8-bit at 0.5/px: 600 px left would make the width negative: it stops at 1; 3 px down: 128 + 1.5.
    expect(dragWindow({ center: 128, width: 256 }, -600, 3, 0.5)).toEqual({ center: 129.5, width: 1 });
    // No movement, no change.
    expect(dragWindow({ center: -600, width: 1500 }, 0, 0, 8)).toEqual({ center: -600, width: 1500 });
  });

  it('matches presets to half a unit', () => {
    expect(sameWindow({ center: -600, width: 1500 }, { center: -600.4, width: 1500.2 })).toBe(true);
    expect(sameWindow({ center: -600, width: 1500 }, { center: -601, width: 1500 })).toBe(false);
  });
});

describe('readout text', () => {
  it('says the value with its units, or the RGB triple', () => {
    expect(formatPixel([-650], 'HU')).toBe('−650 HU');
    expect(formatPixel([812.3456], '')).toBe('812.3');
    expect(formatPixel([12, 34, 56], '')).toBe('R 12 G 34 B 56');
    expect(formatPixel(null, 'HU')).toBe('');
  });
});
