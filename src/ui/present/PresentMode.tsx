import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { actions, predictionOf, useStudio } from '../../state/store';
import { formatProbability } from '../../shared/readable';
import { PixelCanvas } from '../Thumb';
import { HeatmapCanvas } from '../HeatmapCanvas';
import { overlayBox } from '../Viewer';
import { scaleOf } from '../colormaps';
import { useModal } from '../useModal';
import { showView } from '../../state/views';
import { presentation, presentationOrder, stepMethod, usePresentation } from './presentation';

/** The header button that enters presentation mode (Explain view only: it presents the selected image). */
export function PresentButton() {
  const { t } = useTranslation('phone');
  const hasImage = useStudio((s) => s.selectedId !== null && s.status === 'ready');
  return (
    <button
      type="button"
      className="present-button"
      data-testid="present"
      disabled={!hasImage}
      title={t('present.enterTitle')}
      onClick={() => {
        showView('explain');
        presentation.enter();
      }}
    >
      <svg width="14" height="12" viewBox="0 0 14 12" aria-hidden="true"><rect x="0.8" y="0.8" width="12.4" height="8" rx="1" fill="none" stroke="currentColor" strokeWidth="1.5" /><path d="M7 9v2.5M4.5 11.5h5" stroke="currentColor" strokeWidth="1.5" /></svg>
      {t('present.enter')}
    </button>
  );
}

/**
 * Presentation mode for a workshop's projector: one image, its map and the method's one-sentence summary
 * in large type. Left/Right arrows (and PageUp/PageDown, as presentation clickers send) step through the
 * compatible methods in the menu's order; Escape leaves, back to the Explain view with the method shown last.
 */
export function PresentMode() {
  const { t } = useTranslation('phone');
  const on = usePresentation((p) => p.on);
  const ref = useModal(on);
  const image = useStudio((s) => s.images.find((i) => i.id === s.selectedId) ?? null);
  const model = useStudio((s) => s.model);
  const methods = useStudio((s) => s.methods);
  const methodId = useStudio((s) => s.methodId);
  const attribution = useStudio((s) => s.attribution);
  const attributionKey = useStudio((s) => s.attributionKey);
  const prediction = useStudio((s) => s.prediction);
  const predictionFor = useStudio((s) => s.predictionFor);
  const target = useStudio((s) => s.target);
  const busy = useStudio((s) => s.busy);
  const mode = useStudio((s) => s.mode);
  const colormap = useStudio((s) => s.colormap);
  const order = useMemo(() => presentationOrder(methods), [methods]);
  const opener = useRef<Element | null>(null);

  useEffect(() => {
    opener.current = document.activeElement;
    if (mode !== 'single') actions.setView({ mode: 'single' });
    return () => {
      // Focus goes back where presentation mode was entered from (the header button, or the menu's toggle).
      const back = opener.current as HTMLElement | null;
      if (back && back.isConnected && back.offsetParent !== null) back.focus();
      else (document.querySelector('[data-testid="menu-toggle"]') as HTMLElement | null)?.focus();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on entering
  }, []);

  const step = (delta: number) => {
    const next = stepMethod(order, methodId, delta);
    if (next && next !== methodId) actions.setMethod(next);
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowRight' || e.key === 'PageDown') {
      e.preventDefault();
      step(1);
    } else if (e.key === 'ArrowLeft' || e.key === 'PageUp') {
      e.preventDefault();
      step(-1);
    }
  };

  const method = methods.find((m) => m.id === methodId);
  const current = image && attribution && attributionKey?.startsWith(`${image.id}@`) && attributionKey.split('/')[1] === methodId ? attribution : null;
  const scale = useMemo(() => (current ? scaleOf(current) : undefined), [current]);
  const pred = predictionOf({ prediction, predictionFor }, image?.id);
  const cls = target ?? pred?.top ?? 0;
  const clsName = pred?.labels[cls] ?? model?.labels[cls] ?? '';
  const position = order.indexOf(methodId);

  return (
    <dialog
      ref={ref}
      className="present"
      data-testid="present-mode"
      data-method={methodId}
      aria-label={t('present.title')}
      onKeyDown={onKeyDown}
      onCancel={(e) => {
        e.preventDefault();
        presentation.leave();
      }}
    >
      <header className="present-head">
        <h2>
          <span data-testid="present-method">{method?.label ?? ''}</span>
          {clsName && <> {t('present.for')} <em className="class-name" title={clsName}>{clsName}</em></>}
        </h2>
        <span className="present-count" aria-live="polite">
          {position >= 0 ? t('present.position', { n: position + 1, total: order.length }) : ''}
        </span>
        <button type="button" className="present-exit" data-testid="present-exit" onClick={() => presentation.leave()}>
          {t('present.exit')}
        </button>
      </header>
      <div className="present-body">
        <button type="button" className="present-step" aria-label={t('present.previous')} data-testid="present-prev" onClick={() => step(-1)}>‹</button>
        <figure className="present-figure">
          {image ? (
            <div className="present-stage" style={{ aspectRatio: `${image.width} / ${image.height}` }}>
              <PixelCanvas image={image.preview} className="base" label={image.name} />
              {current && (
                <HeatmapCanvas
                  attribution={current}
                  colormap={colormap}
                  scale={scale}
                  style={{ ...overlayBox(image, model), opacity: 0.6 }}
                  testId="present-heatmap"
                  label={t('present.heatmapLabel', { method: method?.label ?? '', cls: clsName })}
                />
              )}
              {busy && <span className="present-busy" role="status">{t('present.computing')}</span>}
            </div>
          ) : (
            <p>{t('present.noImage')}</p>
          )}
          {pred && (
            <figcaption className="present-prediction">
              {t('present.says')} <strong className="class-name" title={pred.labels[pred.top]}>{pred.labels[pred.top]}</strong> ({formatProbability(pred.probabilities[pred.top])})
            </figcaption>
          )}
        </figure>
        <button type="button" className="present-step" aria-label={t('present.next')} data-testid="present-next" onClick={() => step(1)}>›</button>
      </div>
      <p className="present-summary">{method?.summary}</p>
      <p className="present-keys">{t('present.keys')}</p>
    </dialog>
  );
}
