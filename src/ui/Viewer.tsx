import { useMemo } from 'react';
import { actions, useStudio } from '../state/store';
import { stopExplanation } from '../state/controller';
import { cropBox } from '../shared/geometry';
import type { Attribution, ImageInfo, ModelSummary } from '../shared/types';
import { COLORMAPS, gradientCss, scaleOf, type HeatmapScale } from './colormaps';
import { PixelCanvas } from './Thumb';
import { FileName } from './FileName';
import { HeatmapCanvas } from './HeatmapCanvas';
import { CompareGrid } from './CompareGrid';
import { SegmentOverlay, SegmentPanel } from './segments/SegmentPanel';

export function fmt(v: number): string {
  const a = Math.abs(v);
  return a === 0 ? '0' : a >= 100 || a < 0.01 ? v.toExponential(1) : v.toFixed(2);
}

/** Where the model's input sits on the displayed image, in percent (centre crops cover part of it). */
export function overlayBox(image: ImageInfo, model: ModelSummary | null) {
  const box = model ? cropBox(image.width, image.height, model.preprocessing.resize) : { x: 0, y: 0, w: image.width, h: image.height };
  return {
    left: `${(box.x / image.width) * 100}%`,
    top: `${(box.y / image.height) * 100}%`,
    width: `${(box.w / image.width) * 100}%`,
    height: `${(box.h / image.height) * 100}%`,
  };
}

export function Legend({ scale, signed }: { scale: HeatmapScale; signed: boolean }) {
  const colormap = useStudio((s) => s.colormap);
  return (
    <div className="legend" aria-label="Colour scale">
      <span>{fmt(scale.min)}</span>
      <div className="bar" style={{ background: gradientCss(colormap, signed) }} />
      <span>{fmt(scale.max)}</span>
      <span className="muted legend-note">{signed ? 'blue: against the class, red: for it' : 'brighter: more evidence for the class'}</span>
    </div>
  );
}

export function Progress() {
  const busy = useStudio((s) => s.busy);
  const progress = useStudio((s) => s.progress);
  const comparing = useStudio((s) => s.comparing);
  const methods = useStudio((s) => s.methods);
  if (!busy) return null;
  const label = comparing ? methods.find((m) => m.id === comparing)?.label : null;
  const pct = progress && progress.total > 0 ? Math.round((100 * progress.done) / progress.total) : null;
  return (
    <div className="busy" data-testid="busy" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>
        {label ? `${label}: ` : ''}
        {progress ? `${progress.stage ?? 'working'} ${pct !== null ? `${pct}%` : ''}` : 'computing…'}
      </span>
      {progress && progress.total > 1 && (
        <button className="stop" data-testid="stop" onClick={stopExplanation} title="Stop and keep what has been computed so far">Stop</button>
      )}
    </div>
  );
}

function Controls({ attribution }: { attribution: Attribution | null }) {
  const opacity = useStudio((s) => s.opacity);
  const colormap = useStudio((s) => s.colormap);
  const showHeatmap = useStudio((s) => s.showHeatmap);
  return (
    <div className="controls">
      <label className="control">
        <span>Heatmap opacity</span>
        <input type="range" min={0} max={1} step={0.05} value={opacity} data-testid="opacity" onChange={(e) => actions.setView({ opacity: Number(e.target.value) })} />
        <output>{Math.round(opacity * 100)}%</output>
      </label>
      <label className="control">
        <span>Colormap</span>
        <select value={colormap} data-testid="colormap" onChange={(e) => actions.setView({ colormap: e.target.value as typeof colormap })} disabled={attribution?.signed}>
          {COLORMAPS.map((c) => (
            <option key={c.id} value={c.id}>{c.label}</option>
          ))}
        </select>
      </label>
      <label className="control check">
        <input type="checkbox" checked={showHeatmap} onChange={(e) => actions.setView({ showHeatmap: e.target.checked })} />
        <span>Show heatmap</span>
      </label>
    </div>
  );
}

export function Viewer() {
  const image = useStudio((s) => s.images.find((i) => i.id === s.selectedId) ?? null);
  const attribution = useStudio((s) => s.attribution);
  const attributionKey = useStudio((s) => s.attributionKey);
  const model = useStudio((s) => s.model);
  const prediction = useStudio((s) => s.prediction);
  const target = useStudio((s) => s.target);
  const opacity = useStudio((s) => s.opacity);
  const colormap = useStudio((s) => s.colormap);
  const showHeatmap = useStudio((s) => s.showHeatmap);
  const methods = useStudio((s) => s.methods);
  const methodId = useStudio((s) => s.methodId);
  const mode = useStudio((s) => s.mode);
  const busyWithPartial = useStudio((s) => s.busy && Boolean(s.progress?.partial));

  // Keep showing the previous map while the same method recomputes (no flicker), never another method's.
  const current = image && attribution && attributionKey?.startsWith(`${image.id}@`) && attributionKey.split('/')[1] === methodId ? attribution : null;
  const scale = useMemo(() => (current ? scaleOf(current) : null), [current]);
  const empty = current ? current.values.every((v) => v === 0) : false;

  if (!image) {
    return (
      <section className="viewer panel empty-state" aria-label="Explanation">
        <p>Pick an image on the left, or drop your own anywhere on the page.</p>
      </section>
    );
  }

  const cls = target ?? prediction?.top ?? 0;
  const method = methods.find((m) => m.id === methodId);
  const tabs = (
    <div className="tabs" role="tablist">
      <button role="tab" aria-selected={mode === 'single'} data-testid="tab-single" onClick={() => actions.setView({ mode: 'single' })}>One method</button>
      <button role="tab" aria-selected={mode === 'compare'} data-testid="tab-compare" onClick={() => actions.setView({ mode: 'compare' })}>Compare methods</button>
    </div>
  );

  if (mode === 'compare') {
    return (
      <section className="viewer panel" aria-label="Compare explanations">
        <div className="panel-head">
          <h2>
            Why <em data-testid="explained-class">{model?.labels[cls] ?? '…'}</em>? Methods side by side
          </h2>
          {tabs}
        </div>
        <CompareGrid image={image} />
        <Controls attribution={null} />
      </section>
    );
  }

  return (
    <section className="viewer panel" aria-label="Explanation">
      <div className="panel-head">
        <h2>
          {method?.label ?? 'Explanation'} for <em data-testid="explained-class">{model?.labels[cls] ?? '…'}</em>
        </h2>
        {tabs}
      </div>
      <p className="muted image-name" data-testid="image-name"><FileName name={image.name} focusable />{' · '}<span className="image-size" data-testid="image-size">{image.width}×{image.height}</span></p>
      <div className="stage" style={{ aspectRatio: `${image.width} / ${image.height}` }}>
        <PixelCanvas image={image.preview} className="base" label={image.name} />
        {current?.segments ? (
          <SegmentOverlay attribution={current} style={{ ...overlayBox(image, model), opacity: showHeatmap ? 1 : 0 }} />
        ) : current && (
          <HeatmapCanvas
            attribution={current}
            colormap={colormap}
            scale={scale ?? undefined}
            style={{ ...overlayBox(image, model), opacity: showHeatmap ? opacity : 0 }}
            testId="heatmap"
            label={`${method?.label} heatmap for ${model?.labels[cls]}`}
          />
        )}
        <Progress />
      </div>
      {current?.meta.cancelled && (
        <p className="warn" data-testid="partial">
          Stopped early: this map uses {String(current.meta.done)} of {String(current.meta.total)} {String(current.meta.unit ?? 'steps')}, so it is noisier than a full run.
        </p>
      )}
      {current && empty && (
        <p className="warn" data-testid="empty-map">
          The map is empty: nothing here raised the score of “{model?.labels[cls]}”. That is itself an answer: the model sees no evidence for this class in this image.
        </p>
      )}
      {(current?.segments || busyWithPartial) && <SegmentPanel attribution={current?.segments ? current : null} />}
      {!current?.segments && <Controls attribution={current} />}
      {current && !current.segments && scale && <Legend scale={scale} signed={current.signed} />}
      {current && typeof current.meta.relativeGap === 'number' && typeof current.meta.fx === 'number' && typeof current.meta.fBaseline === 'number' && (
        <p className={current.meta.relativeGap > 0.05 ? 'warn' : 'muted meta'} data-testid="completeness">
          Completeness: the values add up to {fmt(Number(current.meta.sumAttributions))}; the score difference f(x) − f(reference) is{' '}
          {fmt(current.meta.fx - current.meta.fBaseline)} (gap {(current.meta.relativeGap * 100).toFixed(1)}%
          {current.meta.relativeGap > 0.05 ? ': more steps would make this map more faithful' : ''}).
        </p>
      )}
      {current && (
        <p className="muted meta">
          {current.meta.layer ? `Layer ${String(current.meta.layer)} · ` : ''}computed in {String(current.meta.ms ?? '?')} ms on {String(current.meta.backend ?? '?').toUpperCase()}
        </p>
      )}
    </section>
  );
}
