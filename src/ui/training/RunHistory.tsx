import { useTranslation } from 'react-i18next';
import { useStudio } from '../../state/store';
import { clearRunHistory, toggleRunPick } from '../../state/trainingController';
import { RUN_HISTORY_CAP, datasetsDiffer, differingSettings, formatDuration, formatPercent, pickedPair, type TrainRunRecord } from '../../state/trainingSlice';
import type { TrainingSettings } from '../../shared/training';
import { cell } from '../a11y/chartRows';
import { RunCompare } from './RunCompare';
import './curves.css';

/** Catalogue keys (curves:history.stopped.*) for why a run ended. */
const STOPPED: Record<TrainRunRecord['stoppedBy'], string> = { completed: 'completed', cancelled: 'cancelled', 'early-stopping': 'early', diverged: 'diverged' };

const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * The session's trainings (data-testid="run-history"), oldest first: name and time, epochs, validation
 * accuracy, training time and the settings on which the runs differ; the person picks two to see their
 * curves overlaid (RunCompare). Shown once a training has returned.
 */
export function RunHistory() {
  const runs = useStudio((s) => s.trainRuns);
  const picks = useStudio((s) => s.runPicks);
  const dropped = useStudio((s) => s.runsDropped);
  const running = useStudio((s) => s.trainStatus !== 'idle');
  return <RunHistoryView runs={runs} picks={picks} dropped={dropped} running={running} />;
}

/** The run history as its props say (RunHistory feeds it from the store; tests render it directly). */
export function RunHistoryView({ runs, picks, dropped, running }: { runs: readonly TrainRunRecord[]; picks: readonly string[]; dropped: number; running: boolean }) {
  const { t, i18n } = useTranslation('curves');
  if (runs.length === 0) return null;
  const differs = differingSettings(runs);
  // teach: the data itself differs (Easy against Hard, the shortcut variant, or the person's own images)
  const dataDiffers = datasetsDiffer(runs);
  const dataText = (r: TrainRunRecord) => t('history.dataset', { value: r.dataset ? `${t(`teach:dataset.level.${r.dataset.difficulty}`)}${r.dataset.shortcut ? t('teach:dataset.withShortcut') : ''}` : t('history.ownImages') });
  const pair = pickedPair(runs, picks);
  const time = new Intl.DateTimeFormat(i18n.language, { timeStyle: 'short' });
  const value = (k: keyof TrainingSettings, v: TrainingSettings[keyof TrainingSettings]): string => {
    if (typeof v === 'boolean') return t(v ? 'settings.on' : 'settings.off');
    if (k === 'resize') return t(`settings.${String(v)}`);
    if (k === 'validationFraction') return formatPercent(v as number, 0);
    return typeof v === 'number' ? cell(v) : String(v);
  };
  const tagOf = (id: string) => (pair ? (pair[0].id === id ? 'A' : pair[1].id === id ? 'B' : null) : null);
  return (
    <section className="panel run-history" aria-labelledby="run-history-title" data-testid="run-history">
      <div className="panel-head">
        <h2 id="run-history-title">{t('history.title')}</h2>
        {!running && (
          <button type="button" className="link" onClick={clearRunHistory}>
            {t('history.clear')}
          </button>
        )}
      </div>
      <p className="muted hint">{t('history.note', { count: RUN_HISTORY_CAP })}</p>
      {dropped > 0 && <p className="muted hint" data-testid="runs-dropped">{t('history.dropped', { count: RUN_HISTORY_CAP })}</p>}
      <div className="table-scroll">
        <table className="runs" aria-label={t('history.aria')}>
          <thead>
            <tr>
              <th scope="col">{t('history.compare')}</th>
              <th scope="col">{t('history.run')}</th>
              <th scope="col">{t('history.epochs')}</th>
              <th scope="col">{t('history.valAcc')}</th>
              <th scope="col">{t('history.time')}</th>
              <th scope="col" className="differs-col">{t('history.differs')}</th>
            </tr>
          </thead>
          <tbody>
            {[...runs].reverse().map((r) => {
              const tag = tagOf(r.id);
              const picked = picks.includes(r.id);
              const changed = [...(dataDiffers ? [dataText(r)] : []), ...differs.map((k) => t('settings.pair', { setting: t(`settings.${k}`), value: value(k, r.settings[k]) }))].join(' · ');
              return (
                <tr key={r.id} data-run={r.id} className={picked ? 'picked' : undefined}>
                  <td>
                    <input type="checkbox" checked={picked} onChange={() => toggleRunPick(r.id)} aria-label={t('history.pick', { name: r.name })} data-testid="run-pick" />
                    {tag && <span className={`run-tag ${tag.toLowerCase()}`} aria-hidden="true"> {tag}</span>}
                  </td>
                  <th scope="row">
                    {r.name}
                    <span className="run-time">{time.format(new Date(r.finishedAt))} · {t(`history.stopped.${STOPPED[r.stoppedBy]}`)}</span>
                    {changed && <span className="differs-inline">{changed}</span>}
                  </th>
                  <td>{t('history.epochsValue', { run: cell(round2(r.epochsRun)), best: cell(round2(r.bestEpoch)) })}</td>
                  <td data-value={r.validationAccuracy ?? ''}>{formatPercent(r.validationAccuracy)}</td>
                  <td>{formatDuration(r.trainMs)}</td>
                  <td className="differs differs-col">{!changed ? <span className="muted">{t('history.same')}</span> : changed}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {pair ? (
        <RunCompare a={pair[0]} b={pair[1]} />
      ) : (
        <p className="muted hint" data-testid="run-compare-hint">{runs.length < 2 ? t('history.onlyOne') : picks.length === 1 ? t('history.pickOne') : t('history.pickTwo')}</p>
      )}
    </section>
  );
}
