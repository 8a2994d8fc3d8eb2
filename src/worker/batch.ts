// Batch (issue 13, "Take it away"): one method over many images, in the background of the studio.
//
// How it shares the engine with the person (jobs.ts runs one compute job at a time):
// - Each image is its own compute job, in a slot of its own ('batch:<id>'), so the batch never supersedes
//   the view's explanation and the view's requests never supersede the batch.
// - The next image is queued only after the previous one has ended and after a macrotask, so a request
//   the view made meanwhile (its message is a macrotask) is queued first: the person waits at most for
//   the one image being computed, never for the whole batch.
// - Stop (stop(id)) ends the image being computed and hands out no row for it: the rows done stay.
// - A model swap (exclusive job) supersedes the image being computed; the batch then ends 'cancelled'.
//   Between two images it checks that the model is the one it started with, so an image queued behind a
//   swap is never explained with another model. cancelAll() is for Forget everything (engine.settle()).
// - Only figures leave an image (core/metrics/imageFigures.ts): the map, the input tensor and, for a
//   decoded file, its pixels are dropped before the next image, so memory stays flat.

import * as tf from '@tensorflow/tfjs';
import type { BatchFigureOptions, BatchItem, BatchOutcome, BatchRequest, BatchRow } from '../shared/batch';
import { t } from '../shared/i18n';
import { methodText } from '../core/explain/methodText';
import { BATCH_THUMB_SIDE, DEFAULT_BATCH_FIGURES, summariseChecks } from '../shared/batch';
import { UserError, toUserError } from '../shared/errors';
import { JobCancelled, cancelReasonOf, type CancelReason } from '../shared/jobs';
import type { BackendName, OptionValues, RgbaImage } from '../shared/types';
import { batchSizeFor } from '../core/explain/batching';
import { getMethod } from '../core/explain/registry';
import { OptionError, validateOptions, type ExplainMethod } from '../core/explain/types';
import { downscaleTo } from '../core/image/thumbnails';
import { explainWithFigures } from '../core/metrics/imageFigures';
import { heldAucs } from '../core/metrics/checks';
import type { LoadedModel } from '../core/model/loaded';
import type { JobQueue } from './jobs';

/** What the batch needs of the engine. */
export interface BatchHost {
  jobs: JobQueue;
  /** The active model (throws when none is loaded). */
  model(): LoadedModel;
  /** A gallery image's pixels (throws when it is no longer loaded). */
  pixels(imageId: string): RgbaImage;
  /** Decodes a file the batch was given (throws a UserError naming it when it cannot). */
  decode(file: Blob, name: string): Promise<RgbaImage>;
}

interface Run {
  /** Set by stop() or cancelAll(): the batch ends after (or during) the image being computed. */
  reason: CancelReason | null;
  /** Why it was cancelled, for the outcome. */
  why?: string;
  /** The job of the image being computed. */
  jobId: string | null;
}

/** Lets messages that arrived meanwhile (the view's requests) run and queue their jobs first. */
const macrotask = () => new Promise<void>((r) => setTimeout(r, 0));

const MODEL_CHANGED = 'The model changed while the batch ran; the rows done so far were made with the previous model.';
const SWAPPING = 'The engine stopped the batch to change the model or the backend.';
const FORGOTTEN = 'Everything was forgotten while the batch ran.';

export class BatchRunner {
  private readonly runs = new Map<string, Run>();

  constructor(private readonly host: BatchHost) {}

  /**
   * Explains every item of `req` with its method (top class of each image), hands each image's row to
   * `onRow` as soon as it is done, and resolves with how the batch ended: 'finished', 'stopped' (stop()),
   * or 'cancelled' (a model change or cancelAll(); `reason` says which). An image that cannot be read or
   * explained gives a row with status 'failed' and its error, and the batch goes on. Throws a UserError
   * before any image when the method is unknown, incompatible with the model, or its options are invalid.
   */
  async run(req: BatchRequest, onRow: (row: BatchRow) => void): Promise<BatchOutcome> {
    if (this.runs.has(req.batchId)) throw new Error(`Batch ${req.batchId} is already running`);
    const model = this.host.model();
    const method = methodFor(req.methodId, model);
    const options = optionsFor(method, req.options);
    const figures: BatchFigureOptions = { ...DEFAULT_BATCH_FIGURES, ...req.figures };
    const run: Run = { reason: null, jobId: null };
    this.runs.set(req.batchId, run);
    let rows = 0;
    try {
      for (let i = 0; i < req.items.length; i++) {
        await macrotask();
        if (!run.reason && this.currentModel() !== model) this.cancel(run, 'superseded', MODEL_CHANGED);
        if (run.reason) break;
        const item = req.items[i];
        const jobId = `${req.batchId}:${i}`;
        run.jobId = jobId;
        let row: BatchRow | null;
        try {
          row = await this.host.jobs.compute({ id: jobId, kind: 'explain', slot: `batch:${req.batchId}`, label: `batch ${method.id}` }, async (signal) => {
            // Queued behind a model swap: never explain with a model the batch did not start with.
            if (this.currentModel() !== model) throw new JobCancelled('superseded');
            const r = await this.one(item, model, method, options, figures, req.score ?? 'auto', signal);
            return signal.aborted ? null : r;
          });
        } catch (e) {
          const reason = cancelReasonOf(e);
          if (reason) {
            this.cancel(run, reason, reason === 'superseded' ? (this.currentModel() !== model ? MODEL_CHANGED : SWAPPING) : undefined);
            break;
          }
          row = failedRow(item, e);
        } finally {
          run.jobId = null;
        }
        if (!row) break; // stopped while this image was computed: no row for it
        rows++;
        onRow(row);
      }
    } finally {
      this.runs.delete(req.batchId);
    }
    const end = run.reason === 'stopped' ? 'stopped' : run.reason === 'superseded' ? 'cancelled' : 'finished';
    return { end, rows, total: req.items.length, ...(end === 'cancelled' ? { reason: run.why ?? MODEL_CHANGED } : {}) };
  }

  /** The person's Stop: ends the image being computed (no row for it) and the batch; done rows stay. Unknown ids are ignored. */
  stop(batchId: string): void {
    const run = this.runs.get(batchId);
    if (run) this.cancel(run, 'stopped');
  }

  /** Ends every batch as 'cancelled' (Forget everything: engine.settle()). */
  cancelAll(): void {
    for (const run of this.runs.values()) this.cancel(run, 'superseded', FORGOTTEN);
  }

  /** Whether a batch is running. */
  get running(): boolean {
    return this.runs.size > 0;
  }

  private cancel(run: Run, reason: CancelReason, why?: string): void {
    if (run.reason) return;
    run.reason = reason;
    run.why = why;
    if (run.jobId) this.host.jobs.cancel(run.jobId, reason);
  }

  private currentModel(): LoadedModel | null {
    try {
      return this.host.model();
    } catch {
      return null;
    }
  }

  private async one(item: BatchItem, m: LoadedModel, method: ExplainMethod, options: OptionValues, figures: BatchFigureOptions, score: NonNullable<BatchRequest['score']>, signal: { aborted: boolean }): Promise<BatchRow> {
    const t0 = performance.now();
    // A decoded file's pixels live only inside input(): the model input and a small thumbnail leave it.
    const { x, thumb } = await this.input(item, m);
    try {
      const batchSize = Math.min(batchSizeFor(tf.getBackend() as BackendName, x.size), m.maxBatch);
      const ctx = { model: m.model, info: m.info, preprocessing: m.meta.preprocessing, signal, batchSize };
      const f = await explainWithFigures(m, ctx, x, method, options, figures, score);
      const d = f.deletion;
      const held = d ? heldAucs(d) : null;
      return {
        ...identity(item),
        ...(thumb ? { thumb } : {}),
        status: 'done',
        labels: [...m.meta.labels],
        probabilities: f.probabilities,
        top: f.top,
        units: f.units,
        score: f.score,
        // the areas the badge judges (held between the curve's ends), so the row's two numbers and its badge agree
        deletion: { auc: held?.auc ?? NaN, randomAuc: held?.randomAuc ?? NaN, status: f.deletionCheck.status, check: f.deletionCheck, baseline: figures.baseline },
        checks: summariseChecks(f.checks),
        ms: Math.round(performance.now() - t0),
      };
    } finally {
      x.dispose();
    }
  }

  private async input(item: BatchItem, m: LoadedModel): Promise<{ x: tf.Tensor4D; thumb?: RgbaImage }> {
    const pixels = item.imageId ? this.host.pixels(item.imageId) : item.file ? await this.host.decode(item.file, item.name) : null;
    if (!pixels) throw new UserError(t('engine:batch.nothing.title', { name: item.name }), t('engine:batch.nothing.detail'), t('engine:batch.nothing.action'));
    return { x: m.inputTensor(pixels), ...(item.file ? { thumb: downscaleTo(pixels, BATCH_THUMB_SIDE) } : {}) };
  }
}

function identity(item: BatchItem): Pick<BatchRow, 'key' | 'name' | 'imageId' | 'trueLabel'> {
  return { key: item.key, name: item.name, ...(item.imageId ? { imageId: item.imageId } : {}), ...(item.trueLabel !== undefined ? { trueLabel: item.trueLabel } : {}) };
}

function failedRow(item: BatchItem, e: unknown): BatchRow {
  return { ...identity(item), status: 'failed', error: toUserError(e), labels: [], probabilities: [], top: -1, ms: 0 };
}

function methodFor(id: string, m: LoadedModel): ExplainMethod {
  let method: ExplainMethod;
  try {
    method = getMethod(id);
  } catch {
    throw new UserError(t('engine:batch.unknownMethod.title'), t('engine:batch.unknownMethod.detail', { id }), t('engine:batch.unknownMethod.action'));
  }
  if (!method.isCompatible(m.info)) throw new UserError(t('engine:incompatible.title', { method: methodText(method, 'label') }), t('engine:incompatible.batch', { method: methodText(method, 'label') }), t('engine:incompatible.batchAction'));
  return method;
}

function optionsFor(method: ExplainMethod, given: OptionValues | undefined): OptionValues {
  try {
    return validateOptions(method, given ?? {});
  } catch (e) {
    if (e instanceof OptionError) throw new UserError(t('engine:batch.badOption.title', { method: methodText(method, 'label') }), e.message, t('engine:batch.badOption.action'));
    throw e;
  }
}
