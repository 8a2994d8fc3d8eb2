import { useMemo } from 'react';
import { actions, useStudio } from '../state/store';
import { UNITS, type Attribution, type ImageInfo } from '../shared/types';
import { scaleOf, type HeatmapScale } from './colormaps';
import { PixelCanvas } from './Thumb';
import { HeatmapCanvas } from './HeatmapCanvas';
import { Legend, Progress, overlayBox } from './Viewer';
import { ReferenceOverlay } from './reference/ReferenceOverlay';
import { CompareReference } from './reference/CompareReference';

/** One shared scale for all maps of the same kind (signed maps share a symmetric one). */
function sharedScales(results: Record<string, Attribution>): { unsigned: HeatmapScale; signed: HeatmapScale } {
  let max = 0;
  let absMax = 0;
  for (const a of Object.values(results)) {
    const s = scaleOf(a);
    if (a.signed) absMax = Math.max(absMax, s.max);
    else max = Math.max(max, s.max);
  }
  return { unsigned: { min: 0, max: max || 1, signed: false }, signed: { min: -(absMax || 1), max: absMax || 1, signed: true } };
}

export function CompareGrid({ image }: { image: ImageInfo }) {
  const methods = useStudio((s) => s.methods);
  const picked = useStudio((s) => s.compareMethods);
  const results = useStudio((s) => s.compareResults);
  const comparing = useStudio((s) => s.comparing);
  const model = useStudio((s) => s.model);
  const opacity = useStudio((s) => s.opacity);
  const colormap = useStudio((s) => s.colormap);
  const showHeatmap = useStudio((s) => s.showHeatmap);
  const shared = useStudio((s) => s.sharedScale);
  const scales = useMemo(() => sharedScales(results), [results]);
  const shown = methods.filter((m) => m.compatible && picked.includes(m.id));
  return (
    <div className="compare">
      <details className="compare-pick">
        <summary>Methods in the grid ({shown.length})</summary>
        <div className="compare-checks">
          {methods.filter((m) => m.compatible).map((m) => (
            <label key={m.id}>
              <input type="checkbox" checked={picked.includes(m.id)} onChange={() => actions.toggleCompare(m.id)} /> {m.label}
            </label>
          ))}
        </div>
      </details>
      <label className="control check">
        <input type="checkbox" checked={shared} data-testid="shared-scale" onChange={(e) => actions.setView({ sharedScale: e.target.checked })} />
        <span>Same colour scale for all maps (unsigned maps share one, signed maps another)</span>
      </label>
      <ul className="compare-grid" data-testid="compare-grid">
        {shown.map((m) => {
          const a = results[m.id];
          const scale = a ? (shared ? (a.signed ? scales.signed : scales.unsigned) : scaleOf(a)) : undefined;
          return (
            <li key={m.id} className="compare-cell" data-testid="compare-cell" data-method={m.id}>
              <button className="compare-open" onClick={() => actions.setMethod(m.id)} title={`Open ${m.label} large`}>
                <div className="stage small" style={{ aspectRatio: `${image.width} / ${image.height}` }}>
                  <PixelCanvas image={image.preview} className="base" label={image.name} />
                  {a && scale && (
                    <HeatmapCanvas attribution={a} colormap={colormap} scale={scale} style={{ ...overlayBox(image, model), opacity: showHeatmap ? opacity : 0 }} testId="compare-heatmap" label={`${m.label} map`} />
                  )}
                  <ReferenceOverlay image={image} />
                  {!a && <div className="pending">{comparing === m.id ? 'computing…' : 'waiting'}</div>}
                </div>
                <span className="compare-label">
                  <strong>{m.label}</strong>
                  {a && <span className="muted" title={UNITS[a.units].reading}> {a.run.ms} ms{a.run.cancelled ? ' · partial' : ''} · {UNITS[a.units].label}</span>}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      <Progress />
      {shared && <Legend scale={scales.unsigned} signed={false} />}
      <CompareReference image={image} />
    </div>
  );
}
