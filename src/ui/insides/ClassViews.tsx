import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../state/store';
import { classViewsAvailability, computeClassViews, setClassViewsBy, useClassViews } from '../../state/insidesController';
import type { ClassView, ViewImage } from '../../shared/classViews';
import type { Attribution } from '../../shared/types';
import { formatNumber } from '../../shared/readable';
import { heatmapPixels } from '../colormaps';
import { PixelCanvas } from '../Thumb';
import { explainImage } from '../../state/views';

/** A mean Grad-CAM map drawn with the studio's colormap on a scale shared by every class (0 to `max`). */
function MeanMap({ values, width, height, max, label }: { values: Float32Array; width: number; height: number; max: number; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const colormap = useStudio((s) => s.colormap);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    // heatmapPixels reads only the values, size and sign of an attribution
    const map = { values, width, height, signed: false } as unknown as Attribution;
    ctx.putImageData(heatmapPixels(map, colormap, { min: 0, max: max > 0 ? max : 1, signed: false }), 0, 0);
  }, [values, width, height, max, colormap]);
  return <canvas ref={ref} width={width} height={height} className="class-mean-map" data-testid="class-mean-map" role="img" aria-label={label} />;
}

function Images({ images, testId, title, hint }: { images: ViewImage[]; testId: string; title: string; hint: string }) {
  const { t } = useTranslation('classviews');
  const validation = useStudio((s) => s.trainOutcome?.validation);
  return (
    <div className="class-images">
      <h4 title={hint}>{title}</h4>
      {images.length === 0 ? (
        <p className="hint">{t('views.tooFew')}</p>
      ) : (
        <ol data-testid={testId}>
          {images.map((img) => (
            <li key={img.imageId} data-image-id={img.imageId}>
              <button
                type="button"
                className="class-thumb-button"
                title={t('views.explain', { name: img.name })}
                onClick={() => {
                  const item = validation?.find((v) => v.image.id === img.imageId);
                  if (item) explainImage(item);
                }}
              >
                <PixelCanvas image={img.thumb} className="class-thumb" label={img.name} />
              </button>
              <span className="class-thumb-value" title={t('views.typicality', { value: formatNumber(img.value) })}>{formatNumber(img.value)}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/**
 * Class-level views of a studio-trained model (data-testid="class-views"): over the validation images of the
 * run that trained the active model, each class's mean Grad-CAM map (over the images of the class, for the
 * true class; or over the images predicted as it, for the predicted class), its MMD-critic prototypes and its
 * least typical images by the model's penultimate features. Computed on request; for a model not trained in
 * this session, says to train one. `afterTraining` (the Train view): shows nothing until a run has ended.
 */
export function ClassViews({ afterTraining = false }: { afterTraining?: boolean }) {
  const { t } = useTranslation('classviews');
  const availability = useStudio(classViewsAvailability);
  const activeSerial = useStudio((s) => s.modelOrigin?.serial ?? null);
  const { status, serial, progress, result, error, by } = useClassViews();
  const current = result && result.serial === activeSerial ? result : null;
  const max = useMemo(() => {
    let m = 0;
    for (const c of current?.classes ?? []) for (const v of (by === 'true' ? c.meanByTrue : c.meanByPredicted) ?? []) if (v > m) m = v;
    return m;
  }, [current, by]);
  const running = status === 'running' && serial === activeSerial;
  if (afterTraining && availability === 'untrained') return null;

  return (
    <section className="class-views panel" data-testid="class-views" aria-labelledby="class-views-title">
      <h2 id="class-views-title">{t('views.title')}</h2>
      <p className="hint">{t('views.intro')}</p>
      {availability === 'untrained' && <p className="hint" data-testid="class-views-untrained">{t('views.notTrained')}</p>}
      {availability === 'another' && <p className="hint" data-testid="class-views-untrained">{t('views.another')}</p>}
      {availability === 'ready' && (
        <p>
          <button type="button" className={current ? undefined : 'primary'} data-testid="class-views-run" disabled={running} onClick={() => void computeClassViews()}>
            {current ? t('views.again') : t('views.run')}
          </button>{' '}
          {running && (
            <span className="hint" role="status">
              {progress && progress.total > 0 ? t('views.computing', { done: progress.done, total: progress.total, stage: progress.stage ?? '' }) : t('views.computingStart')}
            </span>
          )}
        </p>
      )}
      {status === 'error' && serial === activeSerial && error && (
        <p className="error">{t('views.failed', { message: `${error.title}. ${error.detail} ${error.action}` })}</p>
      )}
      {current && availability === 'ready' && (
        <>
          <p className="hint" data-testid="class-views-used" data-used={current.used} data-missing={current.missing}>
            {t('views.used', { used: current.used })}
            {current.missing > 0 && ` ${t('views.missing', { count: current.missing })}`}
          </p>
          <fieldset className="class-views-by">
            <legend>{t('views.groupLabel')}</legend>
            <label>
              <input type="radio" name="class-views-by" checked={by === 'true'} onChange={() => setClassViewsBy('true')} data-testid="class-views-by-true" /> {t('views.groupTrue')}
            </label>
            <label>
              <input type="radio" name="class-views-by" checked={by === 'predicted'} onChange={() => setClassViewsBy('predicted')} data-testid="class-views-by-predicted" /> {t('views.groupPredicted')}
            </label>
          </fieldset>
          <p className="hint">{t('views.mapNote', { layer: current.camLayer, max: formatNumber(max) })}</p>
          <p className="hint">{t('views.typicalityNote')}</p>
          <ul className="class-views-grid">
            {current.classes.map((c: ClassView) => {
              const map = by === 'true' ? c.meanByTrue : c.meanByPredicted;
              return (
                <li key={c.label} className="class-view" data-testid="class-view" data-class={c.label} data-true-count={c.trueCount} data-predicted-count={c.predictedCount}>
                  <h3>{c.label}</h3>
                  <p className="hint">{t('views.counts', { trueCount: c.trueCount, predicted: c.predictedCount, correct: c.correct })}</p>
                  <p className="class-map-title">{by === 'true' ? t('views.byTrue') : t('views.byPredicted')}</p>
                  {map ? <MeanMap values={map} width={current.width} height={current.height} max={max} label={t('views.mapAria', { label: c.label })} /> : <p className="hint">{t('views.noMap')}</p>}
                  <Images images={c.prototypes} testId="class-prototypes" title={t('views.prototypes')} hint={t('views.prototypesHint')} />
                  <Images images={c.leastTypical} testId="class-least-typical" title={t('views.leastTypical')} hint={t('views.leastTypicalHint')} />
                </li>
              );
            })}
          </ul>
          <details className="class-views-how">
            <summary>{t('views.how')}</summary>
            <p className="hint">{t('views.prototypesHint')}</p>
            <p className="hint">{t('views.leastTypicalHint')}</p>
          </details>
        </>
      )}
    </section>
  );
}
