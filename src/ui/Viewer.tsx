import { useMemo } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { actions, useStudio } from '../state/store';
import { stopExplanation } from '../state/controller';
import { cropBox } from '../shared/geometry';
import { unitsLabel, unitsReading, type Attribution, type AttributionUnits, type ImageInfo, type ModelSummary, type ResultCheck } from '../shared/types';
import { COLORMAPS, gradientCss, scaleOf, scaleRelativeTo, type HeatmapScale } from './colormaps';
import { checkLine } from './resultText';
import { formatNumber } from '../shared/readable';
import { LANGUAGE_TAGS, currentLanguage } from '../shared/i18n';
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
import { MatrixNav } from './teach/MatrixNav';
import { ReferencePanel } from './reference/ReferencePanel';
import { HeatmapDescription } from './a11y/HeatmapDescription';
import { tablistKeyDown } from './a11y/roving';

/** A legend or caption number in plain decimals (three significant digits, never scientific notation). */
export function fmt(v: number): string {
  return formatNumber(v);
}

/** A share (0..1) as a whole percentage in the current language ("42%"). */
function formatPercent(share: number): string {
  return new Intl.NumberFormat(LANGUAGE_TAGS[currentLanguage()], { style: 'percent', maximumFractionDigits: 0 }).format(share);
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
  const { t } = useTranslation('viewer');
  const note = strengthText(strength);
  const colormap = useStudio((s) => s.colormap);
  return (
    <div className="legend" aria-label={t('legend.label')} data-testid="legend" data-units={units}>
      <span>{fmt(scale.min)}</span>
      <div className="bar" style={{ background: gradientCss(colormap, signed) }} />
      <span>{fmt(scale.max)}</span>
      {units && <span className="legend-units" title={unitsReading(units)}>{unitsLabel(units)}</span>}
      <span className="muted legend-note">{signed ? t('legend.signed') : t('legend.unsigned')}</span>
      {note && (
        <span className={strength?.kind === 'rescaled' ? 'legend-rescaled' : 'muted legend-note'} data-testid={strength?.kind === 'rescaled' ? 'legend-rescaled' : 'legend-strength'}>
          {strength?.kind === 'rescaled' ? `${t('legend.rescaled')} ` : ''}{note}
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
  const { t } = useTranslation('viewer');
  const busy = useStudio((s) => s.busy);
  const progress = useStudio((s) => s.progress);
  const comparing = useStudio((s) => s.comparing);
  const methods = useStudio((s) => s.methods);
  if (!busy) return null;
  const label = comparing ? methods.find((m) => m.id === comparing)?.label : null;
  const pct = progress && progress.total > 0 ? Math.round((100 * progress.done) / progress.total) : null;
  const status = progress
    ? t('progress.stage', { stage: progress.stage ?? t('progress.working'), pct: pct !== null ? formatPercent(pct / 100) : '' }).trim()
    : t('progress.computing');
  return (
    <div className="busy" data-testid="busy" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label ? t('progress.method', { method: label, text: status }) : status}</span>
      {progress && progress.total > 1 && (
        <button className="stop" data-testid="stop" onClick={stopExplanation} title={t('progress.stopTitle')}>{t('progress.stop')}</button>
      )}
    </div>
  );
}

function Controls({ attribution }: { attribution: Attribution | null }) {
  const { t } = useTranslation('viewer');
  const opacity = useStudio((s) => s.opacity);
  const colormap = useStudio((s) => s.colormap);
  const showHeatmap = useStudio((s) => s.showHeatmap);
  return (
    <div className="controls">
      <label className="control">
        <span>{t('controls.opacity')}</span>
        <input type="range" min={0} max={1} step={0.05} value={opacity} data-testid="opacity" onChange={(e) => actions.setView({ opacity: Number(e.target.value) })} />
        <output>{formatPercent(Math.round(opacity * 100) / 100)}</output>
      </label>
      <label className="control">
        <span>{t('controls.colormap')}</span>
        <select value={colormap} data-testid="colormap" onChange={(e) => actions.setView({ colormap: e.target.value as typeof colormap })} disabled={attribution?.signed}>
          {COLORMAPS.map((c) => (
            <option key={c.id} value={c.id}>{t(`colormap.${c.id}`, { defaultValue: c.label })}</option>
          ))}
        </select>
      </label>
      <label className="control check">
        <input type="checkbox" checked={showHeatmap} onChange={(e) => actions.setView({ showHeatmap: e.target.checked })} />
        <span>{t('controls.show')}</span>
      </label>
    </div>
  );
}

export function Viewer() {
  const { t } = useTranslation('viewer');
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
      <section className="viewer panel empty-state" aria-label={t('label')}>
        <p>{t('emptyState')}</p>
      </section>
    );
  }

  const cls = target ?? prediction?.top ?? 0;
  const method = methods.find((m) => m.id === methodId);
  const topLabel = prediction ? (prediction.labels[prediction.top] ?? t('classN', { n: prediction.top })) : '';
  const strength: LegendStrength | undefined =
    current && prediction && current.run.target !== prediction.top
      ? relative
        ? { kind: 'relative', share: relative.share, topLabel }
        : { kind: 'rescaled', topLabel }
      : undefined;
  const tabs = (
    <div className="tabs" role="tablist" onKeyDown={tablistKeyDown}>
      <button role="tab" aria-selected={mode === 'single'} tabIndex={mode === 'single' ? 0 : -1} data-testid="tab-single" onClick={() => actions.setView({ mode: 'single' })}>{t('tabs.single')}</button>
      <button role="tab" aria-selected={mode === 'compare'} tabIndex={mode === 'compare' ? 0 : -1} data-testid="tab-compare" onClick={() => actions.setView({ mode: 'compare' })}>{t('tabs.compare')}</button>
    </div>
  );

  if (mode === 'compare') {
    return (
      <section className="viewer panel" aria-label={t('compareLabel')}>
        <div className="panel-head">
          <h2>
            <Trans t={t} i18nKey="compareHeading" values={{ label: model?.labels[cls] ?? '…' }} components={{ cls: <em data-testid="explained-class" /> }} />
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
    <section className="viewer panel" aria-label={t('label')}>
      <div className="panel-head">
        <h2>
          <Trans t={t} i18nKey="heading" values={{ method: method?.label ?? t('label'), label: model?.labels[cls] ?? '…' }} components={{ cls: <em data-testid="explained-class" /> }} />
        </h2>
        {tabs}
      </div>
      <MatrixNav />
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
            label={t('heatmapLabel', { method: method?.label, label: model?.labels[cls] })}
          />
        )}
        <ReferenceOverlay image={image} interactive />
      </ZoomStage>
      {current && <HeatmapDescription attribution={current} label={model?.labels[cls] ?? ''} />}
      {image.clinical && <ClinicalPanel image={image} attribution={current} />}
      {current?.run.cancelled && (
        <p className="warn" data-testid="partial">
          {t('partial', { done: current.run.evaluations.done, total: current.run.evaluations.total, unit: current.run.evaluations.unit })}
        </p>
      )}
      {current && empty && (
        <p className="warn" data-testid="empty-map">
          {emptyMapText(model?.labels[cls] ?? t('classN', { n: cls }), prediction?.probabilities[cls], current.run.score)}
        </p>
      )}
      {(current?.segments || busyWithPartial) && <SegmentPanel attribution={current?.segments ? current : null} />}
      {!current?.segments && <Controls attribution={current} />}
      {current && !current.segments && scale && <Legend scale={scale} signed={current.signed} units={current.units} strength={strength} />}
      {current && <ResultChecks checks={current.checks} />}
      <ReferencePanel image={image} attribution={current} />
      {current && (
        <p className="muted meta" data-testid="run-record">
          {[
            current.run.layer ? t('run.layer', { layer: current.run.layer }) : null,
            t('run.computed', { ms: current.run.ms, backend: current.run.backend.toUpperCase() }),
            current.run.batchSize ? t('run.batches', { n: current.run.batchSize }) : null,
            current.run.seed !== null ? t('run.seed', { seed: current.run.seed }) : null,
            (current.run.workers ?? 1) > 1 ? tPool('pool:runWorkers', { count: current.run.workers }) : null,
            current.run.background ? t('run.background', { background: current.run.background }) : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
      )}
      {current && <TrustPanel attributionKey={attributionKey} />}
      <ExportMenu />
    </section>
  );
}
