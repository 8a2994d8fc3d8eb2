import { useEffect, useMemo, useRef } from 'react';
import { actions, useStudio } from '../state/store';
import { cropBox } from '../shared/geometry';
import { COLORMAPS, gradientCss, heatmapPixels, scaleOf } from './colormaps';
import { PixelCanvas } from './Thumb';

function fmt(v: number): string {
  const a = Math.abs(v);
  return a === 0 ? '0' : a >= 100 || a < 0.01 ? v.toExponential(1) : v.toFixed(2);
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
  const busy = useStudio((s) => s.busy);
  const progress = useStudio((s) => s.progress);
  const methods = useStudio((s) => s.methods);
  const methodId = useStudio((s) => s.methodId);
  const heat = useRef<HTMLCanvasElement>(null);

  const current = image && attribution && attributionKey?.startsWith(`${image.id}@`) ? attribution : null;
  const scale = useMemo(() => (current ? scaleOf(current) : null), [current]);
  const empty = current ? current.values.every((v) => v === 0) : false;

  useEffect(() => {
    const c = heat.current;
    if (!c || !current) return;
    c.width = current.width;
    c.height = current.height;
    c.getContext('2d')?.putImageData(heatmapPixels(current, colormap, scale ?? undefined), 0, 0);
    c.dataset.nonzero = String(current.values.filter((v) => v !== 0).length);
  }, [current, colormap, scale]);

  if (!image) {
    return (
      <section className="viewer panel empty-state" aria-label="Explanation">
        <p>Pick an image on the left, or drop your own anywhere on the page.</p>
      </section>
    );
  }

  const box = model ? cropBox(image.width, image.height, model.preprocessing.resize) : { x: 0, y: 0, w: image.width, h: image.height };
  const overlayStyle = {
    left: `${(box.x / image.width) * 100}%`,
    top: `${(box.y / image.height) * 100}%`,
    width: `${(box.w / image.width) * 100}%`,
    height: `${(box.h / image.height) * 100}%`,
    opacity: showHeatmap ? opacity : 0,
  };
  const cls = target ?? prediction?.top ?? 0;
  const method = methods.find((m) => m.id === methodId);

  return (
    <section className="viewer panel" aria-label="Explanation">
      <div className="panel-head">
        <h2>
          {method?.label ?? 'Explanation'} for <em data-testid="explained-class">{model?.labels[cls] ?? '…'}</em>
        </h2>
        <span className="muted">{image.name} · {image.width}×{image.height}</span>
      </div>
      <div className="stage" style={{ aspectRatio: `${image.width} / ${image.height}` }}>
        <PixelCanvas image={image.preview} className="base" label={image.name} />
        {current && <canvas ref={heat} className="heat" style={overlayStyle} data-testid="heatmap" data-backend={String(current.meta.backend ?? "")} data-target={String(current.meta.target ?? "")} role="img" aria-label={`${method?.label} heatmap for ${model?.labels[cls]}`} />}
        {busy && (
          <div className="busy" data-testid="busy">
            <span className="spinner" aria-hidden="true" />
            {progress ? `${progress.stage ?? 'working'} ${progress.done}/${progress.total}` : 'computing…'}
          </div>
        )}
      </div>
      {current && empty && (
        <p className="warn" data-testid="empty-map">
          The map is empty: nothing in this layer raised the score of “{model?.labels[cls]}”. That is itself an answer: the model sees no evidence for this class here.
        </p>
      )}
      <div className="controls">
        <label className="control">
          <span>Heatmap opacity</span>
          <input type="range" min={0} max={1} step={0.05} value={opacity} data-testid="opacity" onChange={(e) => actions.setView({ opacity: Number(e.target.value) })} />
          <output>{Math.round(opacity * 100)}%</output>
        </label>
        <label className="control">
          <span>Colormap</span>
          <select value={colormap} data-testid="colormap" onChange={(e) => actions.setView({ colormap: e.target.value as typeof colormap })}>
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
      {current && scale && (
        <div className="legend" aria-label="Colour scale">
          <span>{fmt(scale.min)}</span>
          <div className="bar" style={{ background: gradientCss(colormap, current.signed) }} />
          <span>{fmt(scale.max)}</span>
          <span className="muted legend-note">{current.signed ? 'blue: against the class, red: for it' : 'brighter: more evidence for the class'}</span>
        </div>
      )}
      {current && (
        <p className="muted meta">
          Layer {String(current.meta.layer ?? '—')} · computed in {String(current.meta.ms ?? '?')} ms on {String(current.meta.backend ?? '?').toUpperCase()}
        </p>
      )}
    </section>
  );
}
