import { useCallback } from 'react';
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

const STOPPED: Record<TrainingOutcome['stoppedBy'], string> = {
  completed: 'ran every epoch',
  cancelled: 'stopped by you',
  'early-stopping': 'stopped early (validation stopped improving)',
  diverged: 'diverged (loss not a number)',
};

/** After training: accuracy, per-class precision and recall, the confusion matrix and its images. */
export function TrainResults() {
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
    <section className="panel train-results" aria-label="Training results" data-testid="train-results">
      <div className="panel-head">
        <h2>Results on {o.validation.length} held-out images</h2>
        <span className="muted">{o.change.model.name}</span>
      </div>
      <div className="results-top">
        <div className="big-number" data-testid="val-accuracy" data-value={o.validationAccuracy ?? ''}>
          <strong>{formatPercent(o.validationAccuracy)}</strong>
          <span>validation accuracy ({right} of {o.validation.length})</span>
        </div>
        <ul className="facts">
          <li>best weights after epoch {Math.round(o.bestEpoch * 100) / 100} of {Math.round(o.epochsRun * 100) / 100} · {STOPPED[o.stoppedBy]}</li>
          <li>{o.trainCount} training images · <span data-testid="train-speed">{o.imagesPerSec.toFixed(0)}</span> images/s on {o.backendChoice.backend.toUpperCase()} · {formatDuration(o.totalMs)} in all</li>
          {o.msTo90 !== null && <li data-testid="ms-to-90" data-ms={o.msTo90}>validation accuracy first reached 90% after {formatDuration(o.msTo90)}</li>}
        </ul>
        <div className="result-actions">
          {isActive ? (
            <>
              <button className="primary" data-testid="save-trained" disabled={Boolean(busy) || originId !== null} onClick={() => void saveCurrentModel()}>
                {originId ? 'Saved' : 'Save to library'}
              </button>
              <button disabled={Boolean(busy)} onClick={() => void downloadModel(null)}>Download files</button>
            </>
          ) : (
            <span className="muted">Another model is active now.</span>
          )}
        </div>
      </div>
      {isActive && <FileStorageNote />}
      <div className="results-grid">
        <div>
          <h3>Per class</h3>
          <table className="per-class" data-testid="per-class">
            <thead>
              <tr><th>class</th><th title="Of the images the model put in this class, the share that belong there">precision</th><th title="Of the images of this class, the share the model found">recall</th><th>images</th></tr>
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
          <p className="muted hint">{wrong === 0 ? 'No validation image was misclassified.' : `${wrong} misclassified: click a cell marked ✕ to see them.`}</p>
        </div>
        <div>
          <h3>Confusion matrix</h3>
          <ConfusionMatrix labels={o.labels} confusion={o.confusion} selected={cell} onSelect={onSelect} />
        </div>
        <div className="cell-images">
          <h3>
            {cell ? (cell[0] === cell[1] ? `${o.labels[cell[0]]}, recognised correctly` : `${o.labels[cell[0]]} taken for ${o.labels[cell[1]]}`) : 'Images'}
            <span className="muted"> · {items.length}</span>
          </h3>
          {items.length === 0 ? (
            <p className="muted">{cell ? 'No images in this cell.' : 'Click a cell of the matrix.'}</p>
          ) : (
            <ul className="val-images" data-testid="cell-images">
              {items.map((v) => (
                <li key={v.image.id}>
                  <button className="val-image" data-testid="explain-val-image" onClick={() => { explainImage(v); focusSoon(EXPLAIN_HEADING); }} disabled={!isActive} title={isActive ? `Explain ${isolateName(v.image.name)} with the trained model` : 'Load this model again to explain its images'}>
                    <PixelCanvas image={v.image.thumb ?? v.image.preview} className="val-thumb" label={v.image.name} />
                    <FileName name={v.image.name} />
                    <span className="explain-cta">Explain →</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
