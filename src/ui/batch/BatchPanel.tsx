// Batch (issue 13): one method over every image of the gallery, or of a picked folder, in the background,
// as a table (thumbnail, file, prediction, true label, deletion AUC against a random order with its badge,
// the result's own checks) that downloads as CSV. The engine runs it between the view's explanations, so
// the person keeps looking at images meanwhile. Mounted under the workspace (App.tsx) and opened from the
// gallery's "Batch" button (BatchButton).

import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { actions, useStudio } from '../../state/store';
import { canResume, openBatch, resumeBatch, startBatch, stopBatch, type BatchFile } from '../../state/batchController';
import { looksLikeImage } from '../../state/trainingSlice';
import { BASELINE_WORDS, DEFAULT_BATCH_FIGURES, formatProbability, type BatchRow } from '../../shared/batch';
import type { ImageInfo } from '../../shared/types';
import { PixelCanvas } from '../Thumb';
import { FileName } from '../FileName';
import { saveFiles } from '../models/download';
import { BADGE, batchCsv } from './batchCsv';
import './batch.css';

/** The gallery's button that opens the batch panel. */
export function BatchButton() {
  const running = useStudio((s) => s.batch.status !== 'idle');
  const open = useStudio((s) => s.batch.open);
  return (
    <button className="batch-button" data-testid="batch-open" aria-expanded={open} onClick={() => openBatch(!open)} title="Explain every image with one method, in the background">
      Batch{running ? ' …' : ''}
    </button>
  );
}

type SortKey = 'order' | 'name' | 'probability' | 'auc' | 'margin';

const SORTS: { key: SortKey; label: string }[] = [
  { key: 'order', label: 'Order done' },
  { key: 'name', label: 'File name' },
  { key: 'probability', label: 'Probability (high first)' },
  { key: 'auc', label: 'Deletion AUC (best first)' },
  { key: 'margin', label: 'Margin over random (worst first)' },
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
  const thumb = r.thumb ?? image?.thumb ?? image?.preview;
  const predicted = r.top >= 0 ? r.labels[r.top] : undefined;
  const wrong = r.trueLabel !== undefined && predicted !== undefined && r.trueLabel !== predicted;
  return (
    <tr data-testid="batch-row" data-status={r.status} className={selected ? 'selected' : undefined}>
      <td className="batch-thumb">{thumb ? <PixelCanvas image={thumb} label={r.name} /> : <span className="muted">–</span>}</td>
      <td className="batch-file">
        {image ? (
          <button className="linklike" onClick={() => actions.select(image.id)} title={`Show ${r.name} in the viewer`}>
            <FileName name={r.name} testId="batch-name" />
          </button>
        ) : (
          <FileName name={r.name} testId="batch-name" />
        )}
      </td>
      {r.status === 'failed' ? (
        <td colSpan={4} className="batch-error" data-testid="batch-error">{r.error ? `${r.error.title}: ${r.error.detail}` : 'Could not be explained'}</td>
      ) : (
        <>
          <td data-testid="batch-prediction">
            {predicted} <span className="muted">({formatProbability(topP(r))})</span>
          </td>
          <td className={wrong ? 'batch-wrong' : undefined}>{r.trueLabel ?? <span className="muted">–</span>}</td>
          <td data-testid="batch-auc" title={r.deletion?.check.detail}>
            {f2(r.deletion?.auc)} <span className="muted">vs {f2(r.deletion?.randomAuc)}</span>{' '}
            {r.deletion?.status && <span className={`batch-badge ${r.deletion.status}`}>{BADGE[r.deletion.status]}</span>}
          </td>
          <td className="batch-checks">{r.checks?.text ?? '–'}</td>
        </>
      )}
    </tr>
  );
});

export function BatchPanel() {
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
    ? `${batch.status === 'stopping' ? 'Stopping' : 'Explaining'}: ${done} of ${batch.total} done`
    : o
      ? o.end === 'finished'
        ? `Done: ${done} of ${batch.total} images`
        : o.end === 'stopped'
          ? `Stopped: ${done} of ${batch.total} done, ${batch.remaining} left`
          : `Cancelled: ${o.reason ?? ''} ${done} of ${batch.total} done.`
      : done
        ? `${done} rows`
        : 'Pick a method and press Start. The studio stays usable while it runs; your explanations go first.';

  const download = () => {
    const csv = batchCsv(shown, batch.methodLabel ?? '');
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    void saveFiles([{ name: `glassbox-batch-${stamp}.csv`, type: 'text/csv;charset=utf-8', bytes: new TextEncoder().encode(csv).buffer as ArrayBuffer }]);
  };

  return (
    <section className="batch panel" data-testid="batch" aria-label="Batch" ref={root}>
      <div className="panel-head">
        <h2>Batch <span className="muted">· one method over every image</span></h2>
        <button className="close" aria-label="Close the batch panel" onClick={() => openBatch(false)}>×</button>
      </div>
      <div className="batch-controls">
        <label>
          <span>Method</span>
          <select data-testid="batch-method" value={chosen} disabled={running} onChange={(e) => setMethodId(e.target.value)}>
            {compatible.map((m) => (
              <option key={m.id} value={m.id}>{m.label}</option>
            ))}
          </select>
        </label>
        {running ? (
          <button data-testid="batch-stop" onClick={stopBatch} disabled={batch.status === 'stopping'}>Stop</button>
        ) : (
          <>
            <button className="primary" data-testid="batch-start" disabled={!ready || !images.length} onClick={() => void startBatch({ methodId: chosen })}>
              Start ({images.length} image{images.length === 1 ? '' : 's'})
            </button>
            <button data-testid="batch-folder" disabled={!ready} onClick={() => folder.current?.click()} title="Explain the images of a folder without adding them to the gallery">Folder…</button>
            {resumable && <button data-testid="batch-resume" onClick={() => void resumeBatch()}>Resume ({batch.remaining} left)</button>}
          </>
        )}
        <button data-testid="batch-csv" disabled={!done} onClick={download}>Download CSV</button>
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
        <progress max={Math.max(1, batch.total)} value={done} aria-label="Images done" />
        <span data-testid="batch-progress" role="status">{status}{failed ? ` (${failed} could not be explained)` : ''}</span>
      </div>
      {done > 0 && (
        <p className="muted hint">
          {batch.methodLabel} on the top class of each image{batch.modelName ? `, model ${batch.modelName}` : ''}, options as set in the side panel. Deletion AUC: the area under the top class’s probability as the map’s most important pixels are {BASELINE_WORDS[DEFAULT_BATCH_FIGURES.baseline]} first (lower is better), against a random order of the same pixels; the badge’s rule is in each figure’s tooltip.
        </p>
      )}
      {done > 0 && (
        <>
          <label className="batch-sort">
            <span>Sort by</span>
            <select data-testid="batch-sort" value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
              {SORTS.map((s) => (
                <option key={s.key} value={s.key}>{s.label}</option>
              ))}
            </select>
          </label>
          <div className="batch-table-wrap">
            <table className="batch-table" data-testid="batch-table">
              <thead>
                <tr>
                  <th scope="col"><span className="sr-only">Thumbnail</span></th>
                  <th scope="col">File</th>
                  <th scope="col">Prediction</th>
                  <th scope="col">True label</th>
                  <th scope="col" title="Deletion AUC of the map (lower is better) vs a random order">Deletion AUC vs random</th>
                  <th scope="col">Result checks</th>
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
