import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { Attribution } from '../../shared/types';
import { actions, useStudio } from '../../state/store';
import { SegmentChart } from '../charts/SegmentChart';
import { segmentOverlay, topRegions } from './segmentMath';

function numbers(v: unknown): number[] | undefined {
  return Array.isArray(v) ? (v as number[]) : undefined;
}

/** The region overlay drawn over the image; hovering a region highlights its bar. */
export function SegmentOverlay({ attribution, style }: { attribution: Attribution; style: React.CSSProperties }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const hover = useStudio((s) => s.hoverSegment);
  const k = useStudio((s) => s.topK);
  const negative = useStudio((s) => s.showNegative);
  const boundaries = useStudio((s) => s.showBoundaries);
  const segmentValues = attribution.meta.segmentValues;
  const shown = useMemo(() => topRegions(numbers(segmentValues) ?? [], k, negative), [segmentValues, k, negative]);
  const segments = attribution.segments!;
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    c.width = attribution.width;
    c.height = attribution.height;
    c.getContext('2d')?.putImageData(segmentOverlay(segments, attribution.width, attribution.height, shown, hover, boundaries), 0, 0);
  }, [segments, attribution.width, attribution.height, shown, hover, boundaries]);
  const onMove = useCallback(
    (e: React.PointerEvent<HTMLCanvasElement>) => {
      const r = e.currentTarget.getBoundingClientRect();
      const x = Math.floor(((e.clientX - r.left) / r.width) * attribution.width);
      const y = Math.floor(((e.clientY - r.top) / r.height) * attribution.height);
      if (x < 0 || y < 0 || x >= attribution.width || y >= attribution.height) return;
      const id = segments[y * attribution.width + x];
      if (id !== useStudio.getState().hoverSegment) actions.setView({ hoverSegment: id });
    },
    [segments, attribution.width, attribution.height],
  );
  return (
    <canvas
      ref={ref}
      className="segments-overlay"
      data-testid="segment-overlay"
      data-hover={hover ?? ''}
      data-shown={[...shown.pos].join(',')}
      style={style}
      onPointerMove={onMove}
      onPointerLeave={() => actions.setView({ hoverSegment: null })}
      role="img"
      aria-label={`The ${k} regions that most raise the score${negative ? ', and the ones that most lower it' : ''}`}
    />
  );
}

/** Controls and the linked bar chart for LIME / SHAP results (and their running estimate while sampling). */
export function SegmentPanel({ attribution }: { attribution: Attribution | null }) {
  const hover = useStudio((s) => s.hoverSegment);
  const k = useStudio((s) => s.topK);
  const negative = useStudio((s) => s.showNegative);
  const boundaries = useStudio((s) => s.showBoundaries);
  const progress = useStudio((s) => s.progress);
  const busy = useStudio((s) => s.busy);
  const onHover = useCallback((id: number | null) => actions.setView({ hoverSegment: id }), []);
  const partial = busy && progress?.partial ? progress.partial : null;
  const meta = attribution?.meta ?? {};
  const values = partial?.values ?? numbers(meta.segmentValues);
  const stderr = partial ? partial.stderr : numbers(meta.stderr);
  const isShap = meta.method === 'shap';
  const start = useMemo(() => {
    if (partial) return undefined;
    if (isShap && typeof meta.base === 'number') return { value: meta.base, label: 'base value E[f]' };
    if (typeof meta.intercept === 'number') return { value: meta.intercept, label: 'intercept' };
    return undefined;
  }, [partial, isShap, meta.base, meta.intercept]);
  const end = useMemo(() => {
    if (partial) return undefined;
    if (isShap && typeof meta.full === 'number') return { value: meta.full, label: 'f(x)' };
    if (typeof meta.localPrediction === 'number') return { value: meta.localPrediction, label: 'local fit at x' };
    return undefined;
  }, [partial, isShap, meta.full, meta.localPrediction]);
  if (!values) return null;
  const r2 = typeof meta.r2 === 'number' ? meta.r2 : null;
  return (
    <div className="segment-panel">
      {!partial && attribution?.segments && (
        <div className="controls">
          <label className="control">
            <span>Show top</span>
            <input type="range" min={1} max={Math.max(1, values.length)} value={Math.min(k, values.length)} data-testid="top-k" onChange={(e) => actions.setView({ topK: Number(e.target.value) })} />
            <output>{Math.min(k, values.length)} regions</output>
          </label>
          <label className="control check">
            <input type="checkbox" checked={negative} onChange={(e) => actions.setView({ showNegative: e.target.checked })} />
            <span>Also regions against the class</span>
          </label>
          <label className="control check">
            <input type="checkbox" checked={boundaries} onChange={(e) => actions.setView({ showBoundaries: e.target.checked })} />
            <span>Region boundaries</span>
          </label>
        </div>
      )}
      {partial && <p className="muted streaming">Running estimate after {progress?.done} of {progress?.total} model evaluations{stderr ? ' (whiskers: ±1.96 standard errors)' : ''}…</p>}
      {!partial && typeof meta.warning === 'string' && (
        <p className="warn" data-testid="method-warning">{meta.warning}</p>
      )}
      {!partial && r2 !== null && (
        <p className={r2 < 0.5 ? 'warn' : 'muted fit'} data-testid="lime-r2">
          Local fit R² = {r2.toFixed(2)}.{' '}
          {r2 < 0.5
            ? 'Low: a linear model over regions explains the model poorly here, so do not trust these weights much.'
            : 'The weights describe the model’s behaviour around this image reasonably well.'}
        </p>
      )}
      {!partial && isShap && typeof meta.base === 'number' && typeof meta.full === 'number' && (
        <p className="muted fit" data-testid="shap-sum">
          base {meta.base.toFixed(3)} + sum of region values {(meta.full - meta.base >= 0 ? '+' : '−') + Math.abs(meta.full - meta.base).toFixed(3)} = f(x) {meta.full.toFixed(3)}
          {meta.exact ? ' (exact: every combination of regions was evaluated)' : ''}
        </p>
      )}
      <SegmentChart values={values} stderr={stderr} start={start} end={end} hover={hover} onHover={onHover} title={isShap ? 'SHAP value per region' : 'LIME weight per region'} />
    </div>
  );
}
