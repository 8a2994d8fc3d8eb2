import { useState } from 'react';
import { useStudio } from '../../state/store';
import { startTraining, stopTraining } from '../../state/trainingController';
import { formatDuration, formatPercent } from '../../state/trainingSlice';
import { TrainingCurves } from './TrainingCurves';

/** Train and Stop, the progress bar with epoch, batch and time left, and the live curves. */
export function TrainRun() {
  const status = useStudio((s) => s.trainStatus);
  const p = useStudio((s) => s.trainProgress);
  const curve = useStudio((s) => s.trainCurve);
  const settings = useStudio((s) => s.trainSettings);
  const classes = useStudio((s) => s.trainClasses);
  const synthetic = useStudio((s) => s.syntheticLoading);
  const [name, setName] = useState('');
  const running = status !== 'idle';
  const total = p ? p.epochs * p.batches : 0;
  const done = p ? (p.epoch - 1) * p.batches + p.batch : 0;
  const pct = total ? Math.min(100, (100 * done) / total) : 0;
  const images = classes.reduce((n, c) => n + c.images.length, 0);
  return (
    <section className="panel train-run" aria-label="Training">
      <div className="panel-head">
        <h2>Train</h2>
        <span className="muted">{images ? `${images} images in ${classes.length} classes` : 'no images yet'}</span>
      </div>
      <div className="run-row">
        <input className="model-name" placeholder="Model name (optional)" aria-label="Model name" value={name} disabled={running} onChange={(e) => setName(e.target.value)} />
        {running ? (
          <button className="danger" data-testid="train-stop" disabled={status === 'stopping'} onClick={() => void stopTraining()} title="End training now and keep the best weights so far">
            {status === 'stopping' ? 'Stopping…' : 'Stop'}
          </button>
        ) : (
          <button className="primary" data-testid="train-start" disabled={!settings || synthetic || images === 0} onClick={() => void startTraining(name)}>
            Train
          </button>
        )}
      </div>
      {(running || p) && (
        <div className="train-progress" data-testid="train-progress" data-running={running}>
          <div className="progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)} aria-label="Training progress">
            <div style={{ width: `${pct}%` }} />
          </div>
          <p className="progress-text">
            {p ? (
              <>
                Epoch <strong data-testid="train-epoch">{p.epoch}</strong>/{p.epochs} · batch {p.batch}/{p.batches} · {p.imagesPerSec.toFixed(0)} images/s
                {running ? <> · <span data-testid="train-eta">about {formatDuration(p.etaMs)} left</span></> : <> · took {formatDuration(p.elapsedMs)}</>}
                <br />
                <span className="muted">
                  loss {p.loss.toFixed(3)}, accuracy {formatPercent(p.acc)}
                  {p.valAcc !== null && <> · validation accuracy <strong data-testid="train-val-acc">{formatPercent(p.valAcc)}</strong></>}
                </span>
              </>
            ) : (
              'Preparing the images…'
            )}
          </p>
        </div>
      )}
      {/* Drawn from the first report on, not when Train is pressed: that click's task stays small. */}
      {curve.train.length > 0 && <TrainingCurves curve={curve} epochs={p?.epochs ?? settings?.epochs ?? 1} />}
      {!running && !p && (
        <p className="muted hint">
          Training runs in the background on this machine; the page stays usable. Defaults suit small image sets: a few hundred images train in about a minute without a GPU.
        </p>
      )}
    </section>
  );
}
