// Batch (issue 13): one method over every image of the gallery, or of a picked folder, in the background,
// as a table (thumbnail, file, prediction, true label, deletion AUC against a random order with its badge,
// the result's own checks) that downloads as CSV. The engine runs it between the view's explanations, so
// the person keeps looking at images meanwhile. Mounted under the workspace (App.tsx) and opened from the
// gallery's "Batch" button (BatchButton).

import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { actions, useStudio } from '../../state/store';
import { canResume, openBatch, resumeBatch, startBatch, stopBatch, type BatchFile } from '../../state/batchController';
import { looksLikeImage } from '../../state/trainingSlice';
import { DEFAULT_BATCH_FIGURES, formatProbability, type BatchRow } from '../../shared/batch';
import type { ImageInfo } from '../../shared/types';
import { PixelCanvas } from '../Thumb';
import { FileName } from '../FileName';
import { saveFiles } from '../models/download';
import { batchCsv } from './batchCsv';
import { Trans, useTranslation } from 'react-i18next';
import './batch.css';

/** The gallery's button that opens the batch panel. */
export function BatchButton() {
  const running = useStudio((s) => s.batch.status !== 'idle');
  const open = useStudio((s) => s.batch.open);
  const { t } = useTranslation('batch');
  return (
    <button className="batch-button" data-testid="batch-open" aria-expanded={open} onClick={() => openBatch(!open)} title={t('openTitle')}>
      {running ? t('openRunning') : t('open')}
    </button>
  );
}

type SortKey = 'order' | 'name' | 'probability' | 'auc' | 'margin';

const SORTS: { key: SortKey }[] = [
  { key: 'order' },
  { key: 'name' },
  { key: 'probability' },
  { key: 'auc' },
  { key: 'margin' },
];

const topP = (r: BatchRow) => (r.top >= 0 ? r.probabilities[r.top] : -1);
const margin = (r: BatchRow) => (r.deletion ? r.deletion.randomAuc - r.deletion.auc : Infinity);

function sorted(rows: BatchRow[], key: SortKey): BatchRow[] {
  if (key === 'order') return rows;
  const out = [...rows];
  if (key === 'name') out.sort((a, b) => a.name.localeCompare(b.name));
  if (key === 'probability') out.sort((a, b) => topP(b) - topP(a));
  if (key === 'auc') out.sort((a, b) => (a.deletion?.auc ?? Infinity) - (b.deletion?.auc ?? Infinity));
  if (key === 'margin') out.sort((a, b) => margin(a) - margin(b));
  return out;
}

const f2 = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(2));

const Row = memo(function Row({ r, image, selected }: { r: BatchRow; image: ImageInfo | undefined; selected: boolean }) {
  const { t } = useTranslation('batch');
  const thumb = r.thumb ?? image?.thumb ?? image?.preview;
  const predicted = r.top >= 0 ? r.labels[r.top] : undefined;
  const wrong = r.trueLabel !== undefined && predicted !== undefined && r.trueLabel !== predicted;
  return (
    <tr data-testid="batch-row" data-status={r.status} className={selected ? 'selected' : undefined}>
      <td className="batch-thumb">{thumb ? <PixelCanvas image={thumb} label={r.name} /> : <span className="muted">–</span>}</td>
      <td className="batch-file">
        {image ? (
          <button className="linklike" onClick={() => actions.select(image.id)} title={t('showTitle', { name: r.name })}>
            <FileName name={r.name} testId="batch-name" />
          </button>
        ) : (
          <FileName name={r.name} testId="batch-name" />
        )}
      </td>
      {r.status === 'failed' ? (
        <td colSpan={4} className="batch-error" data-testid="batch-error">{r.error ? t('errorLine', { title: r.error.title, detail: r.error.detail }) : t('couldNot')}</td>
      ) : (
        <>
          <td data-testid="batch-prediction">
            {predicted} <span className="muted">({formatProbability(topP(r))})</span>
          </td>
          <td className={wrong ? 'batch-wrong' : undefined}>{r.trueLabel ?? <span className="muted">–</span>}</td>
          <td data-testid="batch-auc" title={r.deletion?.check.detail}>
            {f2(r.deletion?.auc)} <span className="muted">{t('vs', { value: f2(r.deletion?.randomAuc) })}</span>{' '}
            {r.deletion?.status && <span className={`batch-badge ${r.deletion.status}`}>{t(`badge.${r.deletion.status}`)}</span>}
          </td>
          <td className="batch-checks">{r.checks?.text ?? '–'}</td>
        </>
      )}
    </tr>
  );
});

export function BatchPanel() {
  const { t } = useTranslation('batch');
  const batch = useStudio((s) => s.batch);
  const methods = useStudio((s) => s.methods);
  const viewMethod = useStudio((s) => s.methodId);
  const images = useStudio((s) => s.images);
  const selectedId = useStudio((s) => s.selectedId);
  const ready = useStudio((s) => s.status === 'ready');
  const resumable = useStudio(canResume);
  const [methodId, setMethodId] = useState<string>('');
  const [sort, setSort] = useState<SortKey>('order');
  const folder = useRef<HTMLInputElement>(null);
  const root = useRef<HTMLElement>(null);
  const compatible = methods.filter((m) => m.compatible);
  // The person's pick, else the method of the rows shown (the panel remounts after another view), else the view's.
  const usable = (id: string | null) => id !== null && compatible.some((m) => m.id === id);
  const chosen = usable(methodId) ? methodId : usable(batch.methodId) ? batch.methodId! : viewMethod;
  const byId = useMemo(() => new Map(images.map((i) => [i.id, i])), [images]);
  const shown = useMemo(() => sorted(batch.rows, sort), [batch.rows, sort]);

  useEffect(() => {
    folder.current?.setAttribute('webkitdirectory', '');
  }, [batch.open]);
  useEffect(() => {
    if (batch.open) root.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }, [batch.open]);

  if (!batch.open) return null;
  const running = batch.status !== 'idle';
  const done = batch.rows.length;
  const failed = batch.rows.filter((r) => r.status === 'failed').length;
  const o = batch.outcome;
  const status = running
    ? t(batch.status === 'stopping' ? 'stoppingStatus' : 'explainingStatus', { done, total: batch.total })
    : o
      ? o.end === 'finished'
        ? t('doneStatus', { done, total: batch.total })
        : o.end === 'stopped'
          ? t('stoppedStatus', { done, total: batch.total, left: batch.remaining })
          : t('cancelledStatus', { reason: o.reason ?? '', done, total: batch.total })
      : done
        ? t('rows', { count: done })
        : t('idle');

  const download = () => {
    const csv = batchCsv(shown, batch.methodLabel ?? '');
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    void saveFiles([{ name: `glassbox-batch-${stamp}.csv`, type: 'text/csv;charset=utf-8', bytes: new TextEncoder().encode(csv).buffer as ArrayBuffer }]);
  };

  return (
    <section className="batch panel" data-testid="batch" aria-label={t('label')} ref={root}>
      <div className="panel-head">
        <h2><Trans t={t} i18nKey="heading" components={{ m: <span className="muted" /> }} /></h2>
        <button className="close" aria-label={t('close')} onClick={() => openBatch(false)}>×</button>
      </div>
      <div className="batch-controls">
        <label>
          <span>{t('method')}</span>
          <select data-testid="batch-method" value={chosen} disabled={running} onChange={(e) => setMethodId(e.target.value)}>
            {compatible.map((m) => (
              <option key={m.id} value={m.id}>{m.label}</option>
            ))}
          </select>
        </label>
        {running ? (
          <button data-testid="batch-stop" onClick={stopBatch} disabled={batch.status === 'stopping'}>{t('stop')}</button>
        ) : (
          <>
            <button className="primary" data-testid="batch-start" disabled={!ready || !images.length} onClick={() => void startBatch({ methodId: chosen })}>
              {t('start', { count: images.length })}
            </button>
            <button data-testid="batch-folder" disabled={!ready} onClick={() => folder.current?.click()} title={t('folderTitle')}>{t('folder')}</button>
            {resumable && <button data-testid="batch-resume" onClick={() => void resumeBatch()}>{t('resume', { left: batch.remaining })}</button>}
          </>
        )}
        <button data-testid="batch-csv" disabled={!done} onClick={download}>{t('csv')}</button>
        <input
          ref={folder}
          type="file"
          multiple
          hidden
          data-testid="batch-folder-input"
          onChange={(e) => {
            const files: BatchFile[] = Array.from(e.currentTarget.files ?? [])
              .filter((f) => looksLikeImage(f) && !f.name.startsWith('.'))
              .map((f) => ({ file: f, path: f.webkitRelativePath || f.name }));
            e.currentTarget.value = '';
            void startBatch({ methodId: chosen, files });
          }}
        />
      </div>
      <div className="batch-status">
        <progress max={Math.max(1, batch.total)} value={done} aria-label={t('imagesDone')} />
        <span data-testid="batch-progress" role="status">{failed ? t('failed', { status, count: failed }) : status}</span>
      </div>
      {done > 0 && (
        <p className="muted hint">
          {t('hint', { method: batch.methodLabel, model: batch.modelName ? t('hintModel', { model: batch.modelName }) : '', hidden: t(`hidden.${DEFAULT_BATCH_FIGURES.baseline}`) })}
        </p>
      )}
      {done > 0 && (
        <>
          <label className="batch-sort">
            <span>{t('sortBy')}</span>
            <select data-testid="batch-sort" value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
              {SORTS.map((s) => (
                <option key={s.key} value={s.key}>{t(`sort.${s.key}`)}</option>
              ))}
            </select>
          </label>
          <div className="batch-table-wrap">
            <table className="batch-table" data-testid="batch-table">
              <thead>
                <tr>
                  <th scope="col"><span className="sr-only">{t('col.thumb')}</span></th>
                  <th scope="col">{t('col.file')}</th>
                  <th scope="col">{t('col.prediction')}</th>
                  <th scope="col">{t('col.trueLabel')}</th>
                  <th scope="col" title={t('col.aucTitle')}>{t('col.auc')}</th>
                  <th scope="col">{t('col.checks')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((r) => (
                  <Row key={r.key} r={r} image={r.imageId ? byId.get(r.imageId) : undefined} selected={r.imageId !== undefined && r.imageId === selectedId} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
