// The engine's jobs, one at a time. Everything that runs the model or replaces it goes through one queue
// (as squoosh's worker bridge serialises its calls), so no model is disposed while a job uses it and the
// tensor count before and after a job belongs to that job alone.
//
// Two kinds of entry:
// - compute jobs (explain, predict) wait their turn and can be cancelled. A newer compute job in the same
//   slot cancels the older one as 'superseded'; the person's Stop cancels it as 'stopped'.
// - exclusive jobs (a model swap: backend switch, model load; a training run) first cancel every compute
//   job, running or queued, as 'superseded', then run alone once those have ended.
// A superseded job never hands out a result: it rejects with JobCancelled('superseded'). A stopped job
// hands out what it computed (the method marks it partial), or rejects with JobCancelled('stopped') when
// it was stopped before it started.

import { JobCancelled, type CancelReason } from '../shared/jobs';

export type JobKind = 'explain' | 'predict' | 'swap' | 'train';

/** What a running job reads to know it should end; shaped like AbortSignal, as the methods expect. */
export interface JobSignal {
  readonly aborted: boolean;
  readonly reason: CancelReason | null;
}

interface Job {
  id: string;
  kind: JobKind;
  slot: string | null;
  label: string;
  signal: { aborted: boolean; reason: CancelReason | null };
  running: boolean;
}

export interface ComputeOptions {
  /** The id cancel() finds the job by (explain requests carry one); a fresh one otherwise. */
  id?: string;
  kind: 'explain' | 'predict';
  /** Jobs in one slot replace each other: a new one cancels the older ones as 'superseded'. */
  slot?: string;
  /** Named in the leak warning ("lime left 2 tensors behind"). */
  label?: string;
  /** Called at once, with the kind of job ahead, when this one must wait behind a job that is not ending. */
  onWait?: (behind: JobKind) => void;
}

export interface JobQueueOptions {
  /** Live tensors now (tf.memory().numTensors); without it there is no leak check. */
  countTensors?: () => number;
  /** A compute job ended with more tensors alive than when it started. */
  onLeak?: (job: { id: string; kind: JobKind; label: string }, leaked: number) => void;
}

const isCompute = (k: JobKind) => k === 'explain' || k === 'predict';

export class JobQueue {
  private tail: Promise<void> = Promise.resolve();
  /** Queued and running jobs, in the order they will run (the running one first). */
  private live: Job[] = [];
  private seq = 0;

  constructor(private readonly o: JobQueueOptions = {}) {}

  /**
   * Runs `fn` once every job queued before it has ended, passing the signal that says it was cancelled.
   * Resolves with fn's result (also when stopped: fn returns its partial result); rejects with
   * JobCancelled when the job was superseded (whenever that happened) or stopped before it started, and
   * with fn's own error otherwise (a superseded job's error is replaced by JobCancelled: nobody waits
   * for its answer). The leak check compares live tensors before and after fn, which is exact because
   * nothing else runs meanwhile.
   */
  compute<T>(o: ComputeOptions, fn: (signal: JobSignal) => Promise<T>): Promise<T> {
    if (o.slot) for (const j of this.live) if (j.slot === o.slot && isCompute(j.kind)) abort(j, 'superseded');
    const job = this.add(o.kind, o.id, o.slot ?? null, o.label ?? o.kind);
    return this.enqueue(
      job,
      async () => {
        if (job.signal.aborted) throw new JobCancelled(job.signal.reason ?? 'superseded');
        const before = this.o.countTensors?.();
        try {
          const out = await fn(job.signal);
          if (job.signal.reason === 'superseded') throw new JobCancelled('superseded');
          return out;
        } catch (e) {
          if (job.signal.reason === 'superseded') throw new JobCancelled('superseded');
          throw e;
        } finally {
          if (before !== undefined) {
            const leaked = this.o.countTensors!() - before;
            if (leaked > 0) this.o.onLeak?.({ id: job.id, kind: job.kind, label: job.label }, leaked);
          }
        }
      },
      o.onWait,
    );
  }

  /**
   * Cancels every compute job (running or queued) as 'superseded', waits for them to end, then runs `fn`
   * alone: for anything that replaces or disposes the active model, or trains.
   */
  exclusive<T>(kind: 'swap' | 'train', fn: () => Promise<T>): Promise<T> {
    for (const j of this.live) if (isCompute(j.kind)) abort(j, 'superseded');
    return this.enqueue(this.add(kind, undefined, null, kind), fn);
  }

  /** Cancels the job with this id, if it is still queued or running. The first reason given wins. */
  cancel(id: string, reason: CancelReason): boolean {
    const j = this.live.find((x) => x.id === id);
    if (!j) return false;
    abort(j, reason);
    return true;
  }

  /** Whether a job of this kind is queued or running. */
  has(kind: JobKind): boolean {
    return this.live.some((j) => j.kind === kind);
  }

  /** The kind of the job running now, or null. */
  get running(): JobKind | null {
    return this.live.find((j) => j.running)?.kind ?? null;
  }

  /** Resolves when every job queued so far has ended. */
  idle(): Promise<void> {
    return this.tail;
  }

  private add(kind: JobKind, id: string | undefined, slot: string | null, label: string): Job {
    const job: Job = { id: id ?? `${kind}-${++this.seq}`, kind, slot, label, signal: { aborted: false, reason: null }, running: false };
    this.live.push(job);
    return job;
  }

  private enqueue<T>(job: Job, body: () => Promise<T>, onWait?: (behind: JobKind) => void): Promise<T> {
    // Cancelled compute jobs ahead end within a batch: only a job that goes on running is worth saying.
    const blocking = this.live.find((j) => j !== job && !j.signal.aborted);
    if (blocking && onWait) onWait(blocking.kind);
    const run = this.tail.then(async () => {
      job.running = true;
      try {
        return await body();
      } finally {
        job.running = false;
        this.live = this.live.filter((j) => j !== job);
      }
    });
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
}

function abort(j: Job, reason: CancelReason): void {
  if (j.signal.aborted) return;
  j.signal.aborted = true;
  j.signal.reason = reason;
}
