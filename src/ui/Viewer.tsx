import { useMemo } from 'react';
import { actions, useStudio } from '../state/store';
import { stopExplanation } from '../state/controller';
import { cropBox } from '../shared/geometry';
import { UNITS, type Attribution, type AttributionUnits, type ImageInfo, type ModelSummary, type ResultCheck } from '../shared/types';
import { COLORMAPS, gradientCss, scaleOf, scaleRelativeTo, type HeatmapScale } from './colormaps';
import { checkLine } from './resultText';
import { formatNumber } from '../shared/readable';
import { emptyMapText, isEmptyMap, strengthText, type LegendStrength } from './predictionText';
import { PixelCanvas } from './Thumb';
import { BackgroundChooser } from './intake/BackgroundChooser';
import { FileName } from './FileName';
import { HeatmapCanvas } from './HeatmapCanvas';
import { t as tPool } from '../shared/i18n';
import { CompareGrid } from './CompareGrid';
import { SegmentOverlay, SegmentPanel } from './segments/SegmentPanel';
import { ExportMenu } from './export/ExportMenu';
import { TrustPanel } from './trust/TrustPanel';
import { ZoomStage } from './clinical/ZoomStage';
import { ClinicalPanel } from './clinical/ClinicalPanel';
import { ReferenceOverlay } from './reference/ReferenceOverlay';
import { ReferencePanel } from './reference/ReferencePanel';

/** A legend or caption number in plain decimals (three significant digits, never scientific notation). */
export function fmt(v: number): string {
  return formatNumber(v);
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

/** The colour scale of a map, in the map's units (omitted where maps of different units share it). */
export function Legend({ scale, signed, units, strength }: { scale: HeatmapScale; signed: boolean; units?: AttributionUnits; strength?: LegendStrength }) {
  const note = strengthText(strength);
  const colormap = useStudio((s) => s.colormap);
  return (
    <div className="legend" aria-label="Colour scale" data-testid="legend" data-units={units}>
      <span>{fmt(scale.min)}</span>
      <div className="bar" style={{ background: gradientCss(colormap, signed) }} />
      <span>{fmt(scale.max)}</span>
      {units && <span className="legend-units" title={UNITS[units].reading}>{UNITS[units].label}</span>}
      <span className="muted legend-note">{signed ? 'blue: against the class, red: for it' : 'brighter: more evidence for the class'}</span>
      {note && (
        <span className={strength?.kind === 'rescaled' ? 'legend-rescaled' : 'muted legend-note'} data-testid={strength?.kind === 'rescaled' ? 'legend-rescaled' : 'legend-strength'}>
          {strength?.kind === 'rescaled' ? 'Rescaled. ' : ''}{note}
        </span>
      )}
    </div>
  );
}

/** The checks that came with a result, whatever the method: "label = value (verdict). detail". */
export function ResultChecks({ checks }: { checks: readonly ResultCheck[] }) {
  if (!checks.length) return null;
  return (
    <div className="result-checks" data-testid="result-checks">
      {checks.map((c) => (
        <p key={c.id} className={c.status === 'warn' || c.status === 'fail' ? 'warn' : 'muted meta'} data-testid={c.id} data-status={c.status ?? ''}>
          {checkLine(c)}
        </p>
      ))}
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
  const strengthRefs = useStudio((s) => s.strengthRefs);
  const attributionRef = useStudio((s) => s.attributionRef);
  // (honest) Strength: a map of another class is drawn on the top class's scale when that map is known.
  const reference = current && attributionRef ? strengthRefs[attributionRef] : undefined;
  const relative = useMemo(
    () => (current && reference && reference.target !== current.run.target && reference.units === current.units ? scaleRelativeTo(current, reference.max) : null),
    [current, reference],
  );
  const scale = useMemo(() => (current ? (relative?.scale ?? scaleOf(current)) : null), [current, relative]);
  const empty = current ? isEmptyMap(current.values, current.run.score) : false;

  if (!image) {
    return (
      <section className="viewer panel empty-state" aria-label="Explanation">
        <p>Pick an image on the left, or drop your own anywhere on the page.</p>
      </section>
    );
  }

  const cls = target ?? prediction?.top ?? 0;
  const method = methods.find((m) => m.id === methodId);
  const topLabel = prediction ? (prediction.labels[prediction.top] ?? `class ${prediction.top}`) : '';
  const strength: LegendStrength | undefined =
    current && prediction && current.run.target !== prediction.top
      ? relative
        ? { kind: 'relative', share: relative.share, topLabel }
        : { kind: 'rescaled', topLabel }
      : undefined;
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
        <ExportMenu />
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
      {image.background && <BackgroundChooser compact />}
      <ZoomStage image={image} model={model} attribution={current} fixed={<Progress />}>
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
        <ReferenceOverlay image={image} interactive />
      </ZoomStage>
      {image.clinical && <ClinicalPanel image={image} attribution={current} />}
      {current?.run.cancelled && (
        <p className="warn" data-testid="partial">
          Stopped early: this map uses {current.run.evaluations.done} of {current.run.evaluations.total} {current.run.evaluations.unit}, so it is noisier than a full run.
        </p>
      )}
      {current && empty && (
        <p className="warn" data-testid="empty-map">
          {emptyMapText(model?.labels[cls] ?? `class ${cls}`, prediction?.probabilities[cls], current.run.score)}
        </p>
      )}
      {(current?.segments || busyWithPartial) && <SegmentPanel attribution={current?.segments ? current : null} />}
      {!current?.segments && <Controls attribution={current} />}
      {current && !current.segments && scale && <Legend scale={scale} signed={current.signed} units={current.units} strength={strength} />}
      {current && <ResultChecks checks={current.checks} />}
      <ReferencePanel image={image} attribution={current} />
      {current && (
        <p className="muted meta" data-testid="run-record">
          {current.run.layer ? `Layer ${current.run.layer} · ` : ''}computed in {current.run.ms} ms on {current.run.backend.toUpperCase()}
          {current.run.batchSize ? ` · batches of ${current.run.batchSize}` : ''}
          {current.run.seed !== null ? ` · seed ${current.run.seed}` : ''}
          {(current.run.workers ?? 1) > 1 ? ` · ${tPool('pool:runWorkers', { count: current.run.workers })}` : ''}
          {current.run.background ? ` · transparent parts over ${current.run.background}` : ''}
        </p>
      )}
      {current && <TrustPanel attributionKey={attributionKey} />}
      <ExportMenu />
    </section>
  );
}
