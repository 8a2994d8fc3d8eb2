import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { actions, useStudio } from '../state/store';
import { unitsLabel, unitsReading, type ImageInfo } from '../shared/types';
import { scaleOf, sharedScalesByUnits } from './colormaps';
import { PixelCanvas } from './Thumb';
import { HeatmapCanvas } from './HeatmapCanvas';
import { Legend, Progress, overlayBox } from './Viewer';
import { ReferenceOverlay } from './reference/ReferenceOverlay';
import { CompareReference } from './reference/CompareReference';
import { EXPLAIN_HEADING, focusSoon } from './a11y/focus';

export function CompareGrid({ image }: { image: ImageInfo }) {
  const { t } = useTranslation('a11y');
  const methods = useStudio((s) => s.methods);
  const picked = useStudio((s) => s.compareMethods);
  const results = useStudio((s) => s.compareResults);
  const comparing = useStudio((s) => s.comparing);
  const model = useStudio((s) => s.model);
  const opacity = useStudio((s) => s.opacity);
  const colormap = useStudio((s) => s.colormap);
  const showHeatmap = useStudio((s) => s.showHeatmap);
  const shared = useStudio((s) => s.sharedScale);
  // (honest) Only maps with the same units (and sign) share a scale; a map alone in its units keeps its own.
  const scales = useMemo(() => sharedScalesByUnits(results), [results]);
  const shown = methods.filter((m) => m.compatible && picked.includes(m.id));
  return (
    <div className="compare">
      <details className="compare-pick">
        <summary>{t('compare.methods', { count: shown.length })}</summary>
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
        <span>{t('compare.sameScale')}</span>
      </label>
      <ul className="compare-grid" data-testid="compare-grid">
        {shown.map((m) => {
          const a = results[m.id];
          const scale = a ? (shared ? scales.byMethod[m.id] : scaleOf(a)) : undefined;
          const group = a && shared ? scales.groups.find((g) => g.methods.includes(m.id)) : undefined;
          return (
            <li key={m.id} className="compare-cell" data-testid="compare-cell" data-method={m.id}>
              <button className="compare-open" onClick={() => { actions.setMethod(m.id); focusSoon(EXPLAIN_HEADING); }} title={t('compare.open', { method: m.label })}>
                <div className="stage small" style={{ aspectRatio: `${image.width} / ${image.height}` }}>
                  <PixelCanvas image={image.preview} className="base" label={image.name} />
                  {a && scale && (
                    <HeatmapCanvas attribution={a} colormap={colormap} scale={scale} style={{ ...overlayBox(image, model), opacity: showHeatmap ? opacity : 0 }} testId="compare-heatmap" label={t('compare.map', { method: m.label })} />
                  )}
                  <ReferenceOverlay image={image} />
                  {!a && <div className="pending">{comparing === m.id ? t('compare.computing') : t('compare.waiting')}</div>}
                </div>
                <span className="compare-label">
                  <strong>{m.label}</strong>
                  {a && <span className="muted" title={unitsReading(a.units)}> {t('compare.ms', { ms: a.run.ms })}{a.run.cancelled ? ` · ${t('compare.partial')}` : ''} · {unitsLabel(a.units)}</span>}
                  {group && (
                    <span className="muted scale-note" data-testid="scale-note">
                      {group.methods.length > 1 ? ` · ${t('compare.shared', { count: group.methods.length - 1 })}` : ` · ${t('compare.own')}`}
                    </span>
                  )}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      <Progress />
      {shared && scales.groups.map((g) => <Legend key={g.key} scale={g.scale} signed={g.signed} units={g.units} />)}
      <CompareReference image={image} />
    </div>
  );
}
