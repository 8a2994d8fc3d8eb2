// A plain grid of rectangular segments: the baseline superpixels (what occlusion uses), and the option
// for images where colour-driven SLIC segments would themselves carry a bias.

import type { Segmentation } from './slic';
import { gridShape } from './slic';

/** About `segments` near-square cells covering a width x height image, labelled in raster order. */
export function gridSegments(width: number, height: number, segments = 50): Segmentation {
  const labels = new Int32Array(width * height);
  if (width * height === 0) return { labels, count: 0, width, height };
  const { nx, ny } = gridShape(width, height, segments);
  const col = new Int32Array(width);
  for (let x = 0; x < width; x++) col[x] = Math.min(nx - 1, Math.floor((x * nx) / width));
  for (let y = 0, p = 0; y < height; y++) {
    const row = Math.min(ny - 1, Math.floor((y * ny) / height)) * nx;
    for (let x = 0; x < width; x++, p++) labels[p] = row + col[x];
  }
  return { labels, count: nx * ny, width, height };
}
