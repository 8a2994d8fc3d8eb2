import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../state/store';
import { startTraining, stopTraining } from '../../state/trainingController';
import { formatDuration, formatPercent } from '../../state/trainingSlice';
import { TrainingCurves } from './TrainingCurves';

/** Train and Stop, the progress bar with epoch, batch and time left, and the live curves. */
export function TrainRun() {
  const { t } = useTranslation('teach');
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
    <section className="panel train-run" aria-label={t('run.aria')}>
      <div className="panel-head">
        <h2>{t('run.title')}</h2>
        <span className="muted">{images ? t('run.summary', { images, classes: classes.length }) : t('run.none')}</span>
      </div>
      <div className="run-row">
        <input className="model-name" placeholder={t('run.namePlaceholder')} aria-label={t('run.name')} value={name} disabled={running} onChange={(e) => setName(e.target.value)} />
        {running ? (
          <button className="danger" data-testid="train-stop" disabled={status === 'stopping'} onClick={() => void stopTraining()} title={t('run.stopTitle')}>
            {status === 'stopping' ? t('run.stopping') : t('run.stop')}
          </button>
        ) : (
          <button className="primary" data-testid="train-start" disabled={!settings || synthetic || images === 0} onClick={() => void startTraining(name)}>
            {t('run.start')}
          </button>
        )}
      </div>
      {(running || p) && (
        <div className="train-progress" data-testid="train-progress" data-running={running}>
          <div className="progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)} aria-label={t('run.progress')}>
            <div style={{ width: `${pct}%` }} />
          </div>
          <p className="progress-text">
            {p ? (
              <>
                {t('run.epoch')} <strong data-testid="train-epoch">{p.epoch}</strong>/{p.epochs} · {t('run.batch', { batch: p.batch, batches: p.batches, speed: p.imagesPerSec.toFixed(0) })}
                {running && p.phase === 'wrapup' ? <> · <span data-testid="train-wrapup">{t('run.wrapup')}</span></> : running ? <> · <span data-testid="train-eta">{t('run.eta', { time: formatDuration(p.etaMs) })}</span></> : <> · {t('run.took', { time: formatDuration(p.elapsedMs) })}</>}
                <br />
                <span className="muted">
                  {t('run.lossAcc', { loss: p.loss.toFixed(3), acc: formatPercent(p.acc) })}
                  {p.valAcc !== null && <> · {t('run.valAcc')} <strong data-testid="train-val-acc">{formatPercent(p.valAcc)}</strong></>}
                </span>
              </>
            ) : (
              t('run.preparing')
            )}
          </p>
        </div>
      )}
      {/* Drawn from the first report on, not when Train is pressed: that click's task stays small. */}
      {curve.train.length > 0 && <TrainingCurves curve={curve} epochs={p?.epochs ?? settings?.epochs ?? 1} />}
      {!running && !p && (
        <p className="muted hint">
          {t('run.hint')}
        </p>
      )}
    </section>
  );
}
