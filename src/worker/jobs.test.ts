import { describe, expect, it } from 'vitest';
import { JobQueue, type JobSignal } from './jobs';
import { JobCancelled, cancelReasonOf, reasonOfSignal } from '../shared/jobs';

/** A promise with its resolve exposed. */
function gate<T = void>() {
  let open!: (v: T) => void;
  const p = new Promise<T>((r) => (open = r));
  return { p, open };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

/** A fake job that works in steps until released or cancelled, like a sampling method checking its signal. */
function stepper(log: string[], name: string, release: Promise<void>) {
  return async (signal: JobSignal) => {
    log.push(`${name} start`);
    let released = false;
    void release.then(() => (released = true));
    while (!released && !signal.aborted) await tick();
    log.push(`${name} end${signal.aborted ? ` (${signal.reason})` : ''}`);
    return `${name}${signal.aborted ? ' partial' : ''}`;
  };
}

describe('JobQueue: one job at a time', () => {
  it('runs compute jobs one after another, in order', async () => {
    const q = new JobQueue();
    const log: string[] = [];
    const a = gate();
    const first = q.compute({ kind: 'explain', slot: 'x' }, stepper(log, 'a', a.p));
    const second = q.compute({ kind: 'predict' }, stepper(log, 'b', Promise.resolve()));
    await tick();
    await tick();
    expect(log).toEqual(['a start']);
    a.open();
    expect(await first).toBe('a');
    expect(await second).toBe('b');
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end']);
  });

  it('a newer request in the same slot supersedes the running one: its result is never handed out', async () => {
    const q = new JobQueue();
    const log: string[] = [];
    const never = new Promise<void>(() => undefined);
    const old = q.compute({ kind: 'explain', slot: 'view' }, stepper(log, 'lime', never));
    await tick();
    const fresh = q.compute({ kind: 'explain', slot: 'view' }, stepper(log, 'gradcam', Promise.resolve()));
    await expect(old).rejects.toEqual(new JobCancelled('superseded'));
    expect(await fresh).toBe('gradcam');
    // The old one saw the cancel and ended before the new one started.
    expect(log).toEqual(['lime start', 'lime end (superseded)', 'gradcam start', 'gradcam end']);
  });

  it('a queued request that was superseded never starts', async () => {
    const q = new JobQueue();
    const log: string[] = [];
    const a = gate();
    const running = q.compute({ kind: 'explain', slot: 'other' }, stepper(log, 'a', a.p));
    const queued = q.compute({ kind: 'explain', slot: 'view' }, stepper(log, 'b', Promise.resolve()));
    const newest = q.compute({ kind: 'explain', slot: 'view' }, stepper(log, 'c', Promise.resolve()));
    a.open();
    // Another slot is left alone.
    expect(await running).toBe('a');
    await expect(queued).rejects.toMatchObject({ name: 'JobCancelled', reason: 'superseded' });
    expect(await newest).toBe('c');
    expect(log).toEqual(['a start', 'a end', 'c start', 'c end']);
  });

  it('Stop keeps the partial result; a job stopped before it started rejects as stopped', async () => {
    const q = new JobQueue();
    const log: string[] = [];
    const never = new Promise<void>(() => undefined);
    const running = q.compute({ id: 'j1', kind: 'explain', slot: 'a' }, stepper(log, 'a', never));
    const waiting = q.compute({ id: 'j2', kind: 'explain', slot: 'b' }, stepper(log, 'b', Promise.resolve()));
    await tick();
    expect(q.cancel('j2', 'stopped')).toBe(true);
    expect(q.cancel('j1', 'stopped')).toBe(true);
    // The first reason wins: a later supersede does not turn a Stop into a discarded result.
    q.cancel('j1', 'superseded');
    expect(await running).toBe('a partial');
    await expect(waiting).rejects.toEqual(new JobCancelled('stopped'));
    expect(log).toEqual(['a start', 'a end (stopped)']);
    expect(q.cancel('j1', 'stopped')).toBe(false);
  });

  it('an exclusive job (model swap) cancels running and queued compute jobs and waits for the running one to end', async () => {
    const q = new JobQueue();
    const log: string[] = [];
    const never = new Promise<void>(() => undefined);
    const lime = q.compute({ kind: 'explain', slot: 'view' }, stepper(log, 'lime', never));
    const predict = q.compute({ kind: 'predict' }, stepper(log, 'predict', Promise.resolve()));
    await tick();
    expect(q.running).toBe('explain');
    const swap = q.exclusive('swap', async () => {
      log.push('swap');
      expect(q.running).toBe('swap');
      return 'swapped';
    });
    await expect(lime).rejects.toEqual(new JobCancelled('superseded'));
    await expect(predict).rejects.toEqual(new JobCancelled('superseded'));
    expect(await swap).toBe('swapped');
    expect(log).toEqual(['lime start', 'lime end (superseded)', 'swap']);
    expect(q.running).toBeNull();
  });

  it('a request made during a swap or training waits behind it, says so, and then runs', async () => {
    const q = new JobQueue();
    const log: string[] = [];
    const t = gate();
    const train = q.exclusive('train', async () => {
      log.push('train start');
      await t.p;
      log.push('train end');
    });
    await tick();
    const waits: string[] = [];
    const after = q.compute({ kind: 'explain', slot: 'view', onWait: (k) => waits.push(k) }, stepper(log, 'gradcam', Promise.resolve()));
    expect(waits).toEqual(['train']);
    expect(q.has('train')).toBe(true);
    t.open();
    await train;
    expect(await after).toBe('gradcam');
    expect(log).toEqual(['train start', 'train end', 'gradcam start', 'gradcam end']);
    expect(q.has('train')).toBe(false);
  });

  it('does not announce a wait behind a job that is already being cancelled', async () => {
    const q = new JobQueue();
    const never = new Promise<void>(() => undefined);
    const old = q.compute({ kind: 'explain', slot: 'view' }, stepper([], 'old', never));
    const waits: string[] = [];
    const fresh = q.compute({ kind: 'explain', slot: 'view', onWait: (k) => waits.push(k) }, async () => 'new');
    await expect(old).rejects.toBeInstanceOf(JobCancelled);
    expect(await fresh).toBe('new');
    expect(waits).toEqual([]);
  });

  it('passes on a job\'s own error, goes on with the next job, and hides the error of a superseded one', async () => {
    const q = new JobQueue();
    const failing = q.compute({ kind: 'explain', slot: 'a' }, async () => {
      throw new Error('boom');
    });
    const next = q.compute({ kind: 'predict' }, async () => 'fine');
    await expect(failing).rejects.toThrow('boom');
    expect(await next).toBe('fine');

    const s = gate();
    const superseded = q.compute({ kind: 'explain', slot: 'v' }, async (signal) => {
      await s.p;
      if (signal.aborted) throw new Error('Layer conv1 is already disposed');
      return 'x';
    });
    const swap = q.exclusive('swap', async () => 'ok');
    s.open();
    await expect(superseded).rejects.toEqual(new JobCancelled('superseded'));
    expect(await swap).toBe('ok');
  });
});

describe('JobQueue: the leak check is exact per job', () => {
  /** A fake tensor count: jobs "allocate" and "free" on it. */
  function counter() {
    const c = { n: 8, leaks: [] as [string, number][] };
    const q = new JobQueue({ countTensors: () => c.n, onLeak: (j, n) => c.leaks.push([j.label, n]) });
    return { c, q };
  }

  it('says nothing when a job frees all it made, also when cancelled, also while other jobs come and go', async () => {
    const { c, q } = counter();
    const never = new Promise<void>(() => undefined);
    // lime holds 5 tensors while it runs and frees them when it ends; a second request arrives meanwhile.
    const lime = q.compute({ kind: 'explain', slot: 'view', label: 'lime' }, async (signal) => {
      c.n += 5;
      await stepper([], 'lime', never)(signal);
      c.n -= 5;
      return 'partial';
    });
    await tick();
    const gradcam = q.compute({ kind: 'explain', slot: 'view', label: 'gradcam' }, async () => {
      c.n += 3;
      await tick();
      c.n -= 3;
      return 'map';
    });
    await expect(lime).rejects.toBeInstanceOf(JobCancelled);
    expect(await gradcam).toBe('map');
    expect(c.n).toBe(8);
    expect(c.leaks).toEqual([]);
  });

  it('names the job that left tensors behind, with the exact count', async () => {
    const { c, q } = counter();
    const leaky = q.compute({ kind: 'explain', slot: 'view', label: 'occlusion' }, async () => {
      c.n += 4;
      c.n -= 2;
    });
    const clean = q.compute({ kind: 'predict', label: 'predict' }, async () => {
      c.n += 1;
      c.n -= 1;
    });
    await Promise.all([leaky, clean]);
    expect(c.leaks).toEqual([['occlusion', 2]]);
  });

  it('does not count a model swap as a leak (its new weights are meant to stay)', async () => {
    const { c, q } = counter();
    await q.exclusive('swap', async () => {
      c.n += 14;
    });
    expect(c.leaks).toEqual([]);
  });
});

describe('cancel reasons across the worker', () => {
  it('reads the reason from a JobCancelled, also after comlink rebuilt it as a plain Error', () => {
    expect(cancelReasonOf(new JobCancelled('stopped'))).toBe('stopped');
    // comlink's throw handler keeps name and message only.
    const crossed = Object.assign(new Error('cancelled: superseded'), { name: 'JobCancelled' });
    expect(cancelReasonOf(crossed)).toBe('superseded');
    expect(cancelReasonOf(new Error('cancelled: stopped'))).toBeNull();
    expect(cancelReasonOf('x')).toBeNull();
    expect(cancelReasonOf(null)).toBeNull();
  });

  it('takes "superseded" from an AbortSignal that says so, and a Stop from anything else', () => {
    const a = new AbortController();
    a.abort('superseded');
    expect(reasonOfSignal(a.signal)).toBe('superseded');
    const b = new AbortController();
    b.abort();
    expect(reasonOfSignal(b.signal)).toBe('stopped');
  });
});
