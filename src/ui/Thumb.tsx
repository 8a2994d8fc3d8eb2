import { useEffect, useRef } from 'react';
import type { RgbaImage } from '../shared/types';

/**
 * Draws an RGBA image into a canvas of the image's own size (works for any decoded format, DICOM
 * included); CSS scales it. Give it the smallest image that fills its box: a gallery thumbnail, not the
 * viewer's preview.
 */
export function PixelCanvas({ image, className, label }: { image: RgbaImage; className?: string; label?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    c.width = image.width;
    c.height = image.height;
    // A canvas drawn once needs no GPU surface; unaccelerated, it is painted with the page instead of being
    // a compositor layer of its own (hundreds of thumbnails made each frame's layerize and paint slow).
    c.getContext('2d', { willReadFrequently: true })?.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  }, [image]);
  return <canvas ref={ref} className={className} role="img" aria-label={label} />;
}
