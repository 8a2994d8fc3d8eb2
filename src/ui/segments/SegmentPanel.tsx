import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { unitsLabel, unitsReading, type Attribution } from '../../shared/types';
import { actions, useStudio } from '../../state/store';
import { SegmentChart } from '../charts/SegmentChart';
import { segmentOverlay, topRegions } from './segmentMath';
import { regionPlaces } from '../a11y/where';

const NO_VALUES: readonly number[] = [];

/** The region overlay drawn over the image; hovering a region highlights its bar. */
export function SegmentOverlay({ attribution, style }: { attribution: Attribution; style: React.CSSProperties }) {
  const { t } = useTranslation('a11y');
  const ref = useRef<HTMLCanvasElement>(null);
  const hover = useStudio((s) => s.hoverSegment);
  const k = useStudio((s) => s.topK);
  const negative = useStudio((s) => s.showNegative);
  const boundaries = useStudio((s) => s.showBoundaries);
  const regionValues = attribution.regions?.values ?? NO_VALUES;
  const shown = useMemo(() => topRegions(regionValues, k, negative), [regionValues, k, negative]);
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
      aria-label={t(negative ? 'region.overlayNeg' : 'region.overlay', { count: k })}
    />
  );
}

/**
 * Controls and the linked bar chart of a result with regions (its `regions` spec: values, standard errors,
 * where the sum starts and ends), and of the running estimate a sampling method streams while it works.
 */
export function SegmentPanel({ attribution }: { attribution: Attribution | null }) {
  const { t } = useTranslation('a11y');
  const hover = useStudio((s) => s.hoverSegment);
  const k = useStudio((s) => s.topK);
  const negative = useStudio((s) => s.showNegative);
  const boundaries = useStudio((s) => s.showBoundaries);
  const progress = useStudio((s) => s.progress);
  const busy = useStudio((s) => s.busy);
  // A region pinned with Enter, Space or a click stays lit on the image when the pointer or focus leaves its row.
  const pinned = useRef<number | null>(null);
  const onHover = useCallback((id: number | null) => actions.setView({ hoverSegment: id ?? pinned.current }), []);
  const onActivate = useCallback((id: number) => {
    pinned.current = pinned.current === id ? null : id;
    actions.setView({ hoverSegment: pinned.current ?? id });
  }, []);
  const segs = attribution?.segments;
  const places = useMemo(() => (segs && attribution ? regionPlaces(segs, attribution.width, attribution.height) : undefined), [segs, attribution]);
  const partial = busy && progress?.partial ? progress.partial : null;
  const regions = attribution?.regions;
  const values = useMemo(() => (partial ? Array.from(partial.values) : regions?.values), [partial, regions]);
  const stderr = useMemo(() => (partial ? (partial.stderr ? Array.from(partial.stderr) : undefined) : regions?.stderr), [partial, regions]);
  if (!values) return null;
  const start = partial ? undefined : regions?.start;
  const end = partial ? undefined : regions?.end;
  const units = attribution ? { label: unitsLabel(attribution.units), reading: unitsReading(attribution.units) } : null;
  return (
    <div className="segment-panel">
      {!partial && attribution?.segments && (
        <div className="controls">
          <label className="control">
            <span>{t('region.showTop')}</span>
            <input type="range" min={1} max={Math.max(1, values.length)} value={Math.min(k, values.length)} data-testid="top-k" onChange={(e) => actions.setView({ topK: Number(e.target.value) })} />
            <output>{t('region.shown', { count: Math.min(k, values.length) })}</output>
          </label>
          <label className="control check">
            <input type="checkbox" checked={negative} onChange={(e) => actions.setView({ showNegative: e.target.checked })} />
            <span>{t('region.against')}</span>
          </label>
          <label className="control check">
            <input type="checkbox" checked={boundaries} onChange={(e) => actions.setView({ showBoundaries: e.target.checked })} />
            <span>{t('region.boundaries')}</span>
          </label>
        </div>
      )}
      {partial && <p className="muted streaming">{t(stderr ? 'region.streamingErr' : 'region.streaming', { done: progress?.done, total: progress?.total })}</p>}
      {!partial && units && (
        <p className="muted fit" data-testid="region-units" title={units.reading}>
          {t(regions?.exact ? 'region.unitsExact' : 'region.units', { units: units.label })}
        </p>
      )}
      <SegmentChart values={values} stderr={stderr} start={start} end={end} hover={hover} onHover={onHover} title={partial ? t('region.runningTitle') : (regions?.title ?? t('region.valueTitle'))} places={partial ? undefined : places} onActivate={onActivate} />
    </div>
  );
}
