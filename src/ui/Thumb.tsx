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
    c.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  }, [image]);
  return <canvas ref={ref} className={className} role="img" aria-label={label} />;
}
