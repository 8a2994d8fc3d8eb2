import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { DIVERGING, gradientCss } from '../colormaps';
import { formatNumber } from '../../shared/readable';

/** Largest |value| (1 for an all-zero map, so the scale stays finite). */
export function symmetricMax(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m || 1;
}

/**
 * A signed size x size map (row-major) in the diverging colour map centred on zero: blue negative, white
 * zero, red positive, at ±`max`. Drawn at its own resolution and enlarged with square pixels.
 */
export function SignedMap({ values, size, max, label, testId }: { values: Float32Array; size: number; max: number; label: string; testId?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(size, size);
    for (let i = 0; i < size * size; i++) {
      const c = DIVERGING(Math.min(1, Math.max(0, (values[i] / max + 1) / 2)));
      const m = /rgb\((\d+), (\d+), (\d+)\)/.exec(c);
      if (m) img.data.set([Number(m[1]), Number(m[2]), Number(m[3]), 255], i * 4);
    }
    ctx.putImageData(img, 0, 0);
  }, [values, size, max]);
  return <canvas ref={ref} width={size} height={size} className="baseline-map" role="img" aria-label={label} data-testid={testId} />;
}

/** The diverging scale from −max (against) to +max (for), in `units`. */
export function SignedLegend({ max, units }: { max: number; units: string }) {
  const { t } = useTranslation('baselines');
  return (
    <div className="baseline-legend">
      <span className="baseline-legend-bar" style={{ background: gradientCss('viridis', true) }} />
      <span className="baseline-legend-ends">
        <span>{formatNumber(-max)} · {t('weights.legendNeg')}</span>
        <span>0</span>
        <span>{t('weights.legendPos')} · {formatNumber(max)}</span>
      </span>
      <span className="muted">{units}</span>
    </div>
  );
}
