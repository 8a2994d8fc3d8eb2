import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../state/store';
import { openConfusionCell } from '../../state/trainingController';
import { saveCurrentModel } from '../../state/libraryController';
import { explainImage } from '../../state/views';
import { downloadModel } from '../models/download';
import { cellImages, formatDuration, formatPercent } from '../../state/trainingSlice';
import type { TrainingOutcome } from '../../shared/training';
import { PixelCanvas } from '../Thumb';
import { FileName } from '../FileName';
import { isolateName } from '../../shared/names';
import { ConfusionMatrix } from './ConfusionMatrix';
import { FileStorageNote } from '../FileStorageNote';
import { EXPLAIN_HEADING, focusSoon } from '../a11y/focus';
import { BaselinesPanel } from '../baselines/BaselinesPanel';

/** Catalogue keys (teach:results.stopped.*) for why a run ended. */
const STOPPED: Record<TrainingOutcome['stoppedBy'], string> = {
  completed: 'completed',
  cancelled: 'cancelled',
  'early-stopping': 'early',
  diverged: 'diverged',
};

/** After training: accuracy, per-class precision and recall, the confusion matrix and its images. */
export function TrainResults() {
  const { t } = useTranslation('teach');
  const o = useStudio((s) => s.trainOutcome);
  const cell = useStudio((s) => s.confusionCell);
  const originId = useStudio((s) => s.modelOrigin?.libraryId ?? null);
  const activeSerial = useStudio((s) => s.modelOrigin?.serial);
  const busy = useStudio((s) => s.libraryBusy);
  const onSelect = useCallback((t: number, p: number) => openConfusionCell(t, p), []);
  if (!o) return null;
  const isActive = activeSerial === o.change.origin.serial;
  const wrong = o.validation.filter((v) => v.trueLabel !== v.predicted).length;
  const items = cell ? cellImages(o, cell[0], cell[1]) : [];
  const right = o.validation.length - wrong;
  return (
    <section className="panel train-results" aria-label={t('results.aria')} data-testid="train-results">
      <div className="panel-head">
        <h2>{t('results.title', { n: o.validation.length })}</h2>
        <span className="muted">{o.change.model.name}</span>
      </div>
      <div className="results-top">
        <div className="big-number" data-testid="val-accuracy" data-value={o.validationAccuracy ?? ''}>
          <strong>{formatPercent(o.validationAccuracy)}</strong>
          <span>{t('results.valAcc', { right, total: o.validation.length })}</span>
        </div>
        <ul className="facts">
          <li>{t('results.best', { best: Math.round(o.bestEpoch * 100) / 100, run: Math.round(o.epochsRun * 100) / 100 })} · {t(`results.stopped.${STOPPED[o.stoppedBy]}`)}</li>
          <li>{t('results.trainCount', { n: o.trainCount })} · <span data-testid="train-speed">{o.imagesPerSec.toFixed(0)}</span> {t('results.speed', { backend: o.backendChoice.backend.toUpperCase(), time: formatDuration(o.totalMs) })}</li>
          {o.msTo90 !== null && <li data-testid="ms-to-90" data-ms={o.msTo90}>{t('results.to90', { time: formatDuration(o.msTo90) })}</li>}
        </ul>
        <div className="result-actions">
          {isActive ? (
            <>
              <button className="primary" data-testid="save-trained" disabled={Boolean(busy) || originId !== null} onClick={() => void saveCurrentModel()}>
                {originId ? t('results.saved') : t('results.save')}
              </button>
              <button disabled={Boolean(busy)} onClick={() => void downloadModel(null)}>{t('results.download')}</button>
            </>
          ) : (
            <span className="muted">{t('results.another')}</span>
          )}
        </div>
      </div>
      {isActive && <FileStorageNote />}
      <div className="results-grid">
        <div>
          <h3>{t('results.perClass')}</h3>
          <table className="per-class" data-testid="per-class">
            <thead>
              <tr><th>{t('results.class')}</th><th title={t('results.precisionTitle')}>{t('results.precision')}</th><th title={t('results.recallTitle')}>{t('results.recall')}</th><th>{t('results.images')}</th></tr>
            </thead>
            <tbody>
              {o.perClass.map((c) => (
                <tr key={c.label}>
                  <th scope="row">{c.label}</th>
                  <td>{formatPercent(c.precision)}</td>
                  <td>{formatPercent(c.recall)}</td>
                  <td>{c.support}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted hint">{wrong === 0 ? t('results.noErrors') : t('results.errors', { n: wrong })}</p>
        </div>
        <div>
          <h3>{t('results.matrix')}</h3>
          <ConfusionMatrix labels={o.labels} confusion={o.confusion} selected={cell} onSelect={onSelect} />
        </div>
        <div className="cell-images">
          <h3>
            {cell ? (cell[0] === cell[1] ? t('matrix.cellRight', { trueLabel: o.labels[cell[0]] }) : t('matrix.cell', { trueLabel: o.labels[cell[0]], predicted: o.labels[cell[1]] })) : t('results.images')}
            <span className="muted"> · {items.length}</span>
          </h3>
          {items.length === 0 ? (
            <p className="muted">{cell ? t('results.emptyCell') : t('results.pickCell')}</p>
          ) : (
            <ul className="val-images" data-testid="cell-images">
              {items.map((v) => (
                <li key={v.image.id}>
                  <button className="val-image" data-testid="explain-val-image" onClick={() => {
                    explainImage(v);
                    focusSoon(EXPLAIN_HEADING);
                  }} disabled={!isActive} title={isActive ? t('results.explainTitle', { name: isolateName(v.image.name) }) : t('results.reload')}>
                    <PixelCanvas image={v.image.thumb ?? v.image.preview} className="val-thumb" label={v.image.name} />
                    <FileName name={v.image.name} />
                    <span className="explain-cta">{t('results.explain')}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <BaselinesPanel outcome={o} isActive={isActive} />
    </section>
  );
}
