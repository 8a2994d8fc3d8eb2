import { useEffect, useMemo, useRef, type CSSProperties } from 'react';
import type { Attribution } from '../shared/types';
import type { Colormap } from '../state/store';
import { heatmapPixels, type HeatmapScale } from './colormaps';

interface Props {
  attribution: Attribution;
  colormap: Colormap;
  scale?: HeatmapScale;
  style?: CSSProperties;
  label: string;
  testId?: string;
}

/** An attribution drawn at its own resolution and stretched by CSS (the browser smooths it). */
export function HeatmapCanvas({ attribution, colormap, scale, style, label, testId }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const nonzero = useMemo(() => attribution.values.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0), [attribution]);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    c.width = attribution.width;
    c.height = attribution.height;
    c.getContext('2d')?.putImageData(heatmapPixels(attribution, colormap, scale), 0, 0);
  }, [attribution, colormap, scale]);
  return (
    <canvas
      ref={ref}
      className="heat"
      style={style}
      data-testid={testId}
      data-nonzero={nonzero}
      data-backend={attribution.run.backend}
      data-method={attribution.run.method}
      data-workers={attribution.run.workers ?? 1}
      data-partial={attribution.run.cancelled ? 'true' : undefined}
      role="img"
      aria-label={label}
    />
  );
}
