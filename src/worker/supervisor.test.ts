// Supervision of the engine worker, against fake workers (fakeWorker.ts) on MessageChannels with a fake
// Web Lock manager that frees a worker's locks when it ends, as browsers do.

import { afterEach, describe, expect, it } from 'vitest';
import * as Comlink from 'comlink';
import { ENGINE_STOPPED_TITLE, Supervisor, backendsAfter, type SupervisorEvent, type SupervisorTiming } from './supervisor';
import { fakeSpawn, fakeWorld, type FakeWorld } from './fakeWorker';
import type { Engine } from './engine';
import type { BackendName } from '../shared/types';
import { UserError } from '../shared/errors';

const FAST: Partial<SupervisorTiming> = { heartbeatMs: 10, unresponsiveMs: 80, hangMs: 400, longHangMs: 4000, handshakeMs: 3000, restartLimit: 3, restartWindowMs: 60_000 };
/** The product's budget for noticing a dead worker. */
const BUDGET_MS = 2000;

const live: Supervisor[] = [];
afterEach(() => {
  for (const s of live.splice(0)) s.dispose();
});

function setup(world: FakeWorld, timing: Partial<SupervisorTiming> = {}) {
  const sup = new Supervisor({ spawn: fakeSpawn(world), locks: world.locks, timing: { ...FAST, ...timing }, start: (api, backends) => api.init({ wasmPaths: {}, demoModel: { base: '', files: {} }, ...(backends ? { backends } : {}) }) });
  live.push(sup);
  const events: SupervisorEvent[] = [];
  sup.on((e) => events.push(e));
  // Each call hands out the next event of that type not handed out yet (it may already have happened).
  const consumed = new Map<string, number>();
  const next = (type: SupervisorEvent['type'], timeout = 5000) =>
    new Promise<SupervisorEvent>((resolve, reject) => {
      const t0 = Date.now();
      const look = () => {
        const from = consumed.get(type) ?? -1;
        const i = events.findIndex((x, k) => k > from && x.type === type);
        if (i >= 0) {
          consumed.set(type, i);
          resolve(events[i]);
        }
        else if (Date.now() - t0 > timeout) reject(new Error(`no ${type} event within ${timeout} ms; saw ${events.map((x) => x.type).join(', ')}`));
        else setTimeout(look, 5);
      };
      look();
    });
  return { sup, events, next };
}

const call = <T>(sup: Supervisor, name: string, f: (a: Comlink.Remote<Engine>) => Promise<unknown>, o = {}) => sup.call(name, f, o) as Promise<T>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Settles `p` into { ok, value | error, ms } so a test can look at a rejection after the fact. */
function settle<T>(p: Promise<T>) {
  const t0 = performance.now();
  return p.then(
    (value) => ({ ok: true as const, value, ms: performance.now() - t0 }),
    (error: unknown) => ({ ok: false as const, error, ms: performance.now() - t0 }),
  );
}

describe('backendsAfter: the ladder a restart tries', () => {
  it('leaves out the backend that failed and every one above it; the last rung is retried', () => {
    expect(backendsAfter('webgpu')).toEqual(['webgl', 'wasm', 'cpu']);
    expect(backendsAfter('webgl')).toEqual(['wasm', 'cpu']);
    expect(backendsAfter('wasm')).toEqual(['cpu']);
    expect(backendsAfter('cpu')).toEqual(['cpu']);
    expect(backendsAfter(null)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });
});

describe('a dead worker', () => {
  it('rejects the call waiting on it within the budget, and restarts on the next backend down', async () => {
    const world = fakeWorld({ explainMs: Infinity, pick: (c) => (c.includes('wasm') ? 'wasm' : c[0]) });
    const { sup, next } = setup(world);
    const init = await sup.start();
    expect(init.backend.active).toBe('wasm');
    await call(sup, 'demoImages', (a) => a.demoImages(1));
    await sleep(50); // handshake done: the page is queued on the worker's lock
    const progress: number[] = [];
    const running = settle(call(sup, 'explain', (a) => a.explain({ jobId: 'j1', imageId: 'img1', methodId: 'lime', target: 0 }, Comlink.proxy((p: { done: number }) => progress.push(p.done))), { arg: 'lime' }));
    await expect.poll(() => progress.length).toBeGreaterThan(2); // mid-run
    const lostEvent = next('lost');
    const t0 = performance.now();
    sup.testHandles()!.worker.terminate();
    const r = await running;
    const ms = performance.now() - t0;
    expect(r.ok).toBe(false);
    expect(((r as { error: UserError }).error).title).toBe(ENGINE_STOPPED_TITLE);
    expect(ms).toBeLessThan(BUDGET_MS);
    const lost = (await lostEvent) as Extract<SupervisorEvent, { type: 'lost' }>;
    expect(lost.loss.reason).toBe('died');
    expect(lost.loss.backend).toBe('wasm');
    expect(lost.loss.during).toEqual({ call: 'explain', arg: 'lime' });
    expect(lost.next).toBe('cpu');
    await next('recovered');
    expect(world.engines).toHaveLength(2);
    expect(world.engines[1].initBackends).toEqual(['cpu']);
    expect(world.engines[1].backend).toBe('cpu');
    // Calls go to the new engine.
    expect(await call(sup, 'ping', (a) => a.ping())).toEqual({ backend: 'cpu', contextLost: null });
  });

  it('names the call in its error: a file being read when the engine stopped', async () => {
    const world = fakeWorld({ decodeMs: 10_000 });
    const { sup } = setup(world);
    await sup.start();
    await sleep(50);
    const p = settle(call(sup, 'addImage', (a) => a.addImage(new Blob(['a lesion']), 'scan.png'), { stopped: (_l: unknown, next: BackendName) => new UserError('"scan.png" was not added', '', `on ${next}`) }));
    await sleep(20);
    sup.testHandles()!.worker.terminate();
    const r = await p;
    expect(r.ok).toBe(false);
    expect((r as { error: UserError }).error).toBeInstanceOf(UserError);
    expect((r as { error: UserError }).error.title).toBe('"scan.png" was not added');
    // The engine was on webgpu (the fake picks the first of the whole ladder): the next is webgl.
    expect((r as { error: UserError }).error.action).toBe('on webgl');
  });

  it('notices a worker that closes itself (self.close()) the same way', async () => {
    const world = fakeWorld({ explainMs: Infinity });
    const { sup, next } = setup(world);
    await sup.start();
    await call(sup, 'demoImages', (a) => a.demoImages(1));
    await sleep(50);
    const running = settle(call(sup, 'explain', (a) => a.explain({ jobId: 'j1', imageId: 'img1', methodId: 'lime', target: 0 })));
    await sleep(30);
    const t0 = performance.now();
    await call(sup, 'testClose', (a) => a.testClose());
    const r = await running;
    expect(r.ok).toBe(false);
    expect(performance.now() - t0).toBeLessThan(BUDGET_MS);
    expect(((r as { error: UserError }).error).title).toBe(ENGINE_STOPPED_TITLE);
    const lost = (await next('recovered')) as Extract<SupervisorEvent, { type: 'recovered' }>;
    expect(lost.loss.during).toEqual({ call: 'explain' });
  });

  it('treats an error event before the handshake (the script did not load) as a death', async () => {
    const world = fakeWorld({ brokenScript: true });
    const { sup } = setup(world);
    const r = await settle(sup.start());
    expect(r.ok).toBe(false);
    // The restart (whole ladder: no backend had started) comes up.
    await expect.poll(() => world.engines.length, { timeout: 5000 }).toBe(2);
    await expect.poll(() => world.engines[1].backend, { timeout: 5000 }).toBe('webgpu');
    expect(world.engines[1].initBackends).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });
});

describe('a busy or hung worker', () => {
  it('flags a silent worker as not answering, and clears the flag when it answers again, without a restart', async () => {
    const world = fakeWorld();
    const { sup, events, next } = setup(world, { hangMs: 2000 });
    await sup.start();
    await sleep(30);
    world.engines[0].hung = true;
    await next('unresponsive');
    world.engines[0].hung = false;
    await next('responsive');
    expect(world.engines).toHaveLength(1);
    expect(events.some((e) => e.type === 'lost')).toBe(false);
  });

  it('does not flag a worker whose running call keeps reporting progress, though its steps outlast the heartbeat', async () => {
    const world = fakeWorld();
    const { sup, events, next } = setup(world, { hangMs: 2000 });
    await sup.start();
    await sleep(30);
    // A CPU batch of seconds: the heartbeat goes unanswered, but progress arrives between steps.
    world.engines[0].hung = true;
    for (let i = 0; i < 20; i++) {
      sup.sawLife();
      await sleep(20);
    }
    expect(events.some((e) => e.type === 'unresponsive')).toBe(false);
    // Progress stops: the silence is counted again (after the grace for one slow step), so a real hang
    // is still caught; here the worker answers again before that.
    world.engines[0].hung = false;
    expect(world.engines).toHaveLength(1);
    expect(events.some((e) => e.type === 'lost')).toBe(false);
    // Once that call has ended, its progress no longer vouches for the worker: a new silence is flagged.
    sup.progressEnded();
    await sleep(30);
    world.engines[0].hung = true;
    await next('unresponsive');
  });

  it('restarts a worker that stays silent past the hang limit; the waiting call rejects', async () => {
    const world = fakeWorld({ pick: (c) => c[c.length - 2] ?? c[0] });
    const { sup, next } = setup(world, { hangMs: 300 });
    await sup.start();
    expect(world.engines[0].backend).toBe('wasm');
    await call(sup, 'demoImages', (a) => a.demoImages(1));
    world.engines[0].hung = true;
    const p = settle(call(sup, 'predict', (a) => a.predict('img1')));
    const lost = (await next('lost')) as Extract<SupervisorEvent, { type: 'lost' }>;
    expect(lost.loss.reason).toBe('hung');
    expect(lost.loss.during).toEqual({ call: 'predict' });
    expect(lost.next).toBe('cpu');
    expect((await p).ok).toBe(false);
    await next('recovered');
  });

  it('gives a call that may block (backend switch, training) the longer limit and no "not answering" flag', async () => {
    const world = fakeWorld();
    const { sup, events } = setup(world, { hangMs: 150, longHangMs: 5000 });
    await sup.start();
    await sleep(30);
    world.engines[0].hung = true;
    const switching = settle(call(sup, 'setBackend', (a) => a.setBackend('wasm'), { long: true }));
    await sleep(600); // four times the normal hang limit
    expect(events.map((e) => e.type)).toEqual([]);
    world.engines[0].hung = false;
    const r = await switching;
    expect(r.ok).toBe(true);
    expect(world.engines).toHaveLength(1);
  });

  it('restarts at once when the person asks', async () => {
    const world = fakeWorld();
    const { sup, next } = setup(world, { hangMs: 60_000 });
    await sup.start();
    await sleep(30);
    world.engines[0].hung = true;
    await next('unresponsive');
    sup.restartNow();
    const lost = (await next('lost')) as Extract<SupervisorEvent, { type: 'lost' }>;
    expect(lost.loss.reason).toBe('hung');
    await next('recovered');
    expect(world.engines).toHaveLength(2);
  });
});

describe('a lost GPU context', () => {
  it('restarts on WASM after a lost WebGL context, and the waiting call rejects', async () => {
    const world = fakeWorld({ explainMs: Infinity, pick: (c) => (c.includes('webgl') ? 'webgl' : c[0]) });
    const { sup, next } = setup(world);
    await sup.start();
    await call(sup, 'demoImages', (a) => a.demoImages(1));
    await sleep(50);
    const running = settle(call(sup, 'explain', (a) => a.explain({ jobId: 'j', imageId: 'img2', methodId: 'gradcam', target: 1 }), { verify: true }));
    await sleep(20);
    world.engines[0].loseContext();
    const lost = (await next('lost')) as Extract<SupervisorEvent, { type: 'lost' }>;
    expect(lost.loss.reason).toBe('context-lost');
    expect(lost.loss.backend).toBe('webgl');
    expect(lost.next).toBe('wasm');
    expect((await running).ok).toBe(false);
    await next('recovered');
    expect(world.engines[1].initBackends).toEqual(['wasm', 'cpu']);
  });

  it('never hands on a result read after the context was lost, even before the loss event arrives', async () => {
    const world = fakeWorld({ pick: () => 'webgl' });
    const { sup, next } = setup(world, { heartbeatMs: 60_000 }); // no heartbeat to notice it first
    await sup.start();
    await call(sup, 'demoImages', (a) => a.demoImages(1));
    world.engines[0].loseContext(false); // lost, but the event has not been delivered
    const r = await settle(call(sup, 'predict', (a) => a.predict('img2'), { verify: true }));
    expect(r.ok).toBe(false);
    expect(((r as { error: UserError }).error).title).toBe(ENGINE_STOPPED_TITLE);
    const lost = (await next('lost')) as Extract<SupervisorEvent, { type: 'lost' }>;
    expect(lost.loss.reason).toBe('context-lost');
  });
});

describe('restarting', () => {
  it('holds calls made during a restart until the restorer has run, then runs them on the new engine', async () => {
    const world = fakeWorld();
    const { sup, next } = setup(world);
    const order: string[] = [];
    sup.restorer = async () => {
      order.push('restore start');
      await sleep(100);
      order.push('restore end');
    };
    await sup.start();
    await sleep(50);
    sup.testHandles()!.worker.terminate();
    await next('lost');
    const during = call<{ backend: string }>(sup, 'ping', (a) => a.ping()).then((v) => {
      order.push('call ran');
      return v;
    });
    await next('recovered');
    const v = await during;
    expect(order).toEqual(['restore start', 'restore end', 'call ran']);
    expect(v.backend).toBe('webgl'); // the first engine was on webgpu
  });

  it('gives up after too many restarts in a row, rejects calls, and starts again when asked', async () => {
    const world = fakeWorld();
    const { sup, next } = setup(world, { restartLimit: 2 });
    await sup.start();
    for (let i = 0; i < 2; i++) {
      await sleep(50);
      sup.testHandles()!.worker.terminate();
      await next('recovered');
    }
    await sleep(50);
    sup.testHandles()!.worker.terminate();
    const failed = (await next('failed')) as Extract<SupervisorEvent, { type: 'failed' }>;
    expect(failed.error.title).toBe('The compute engine keeps stopping');
    const r = await settle(call(sup, 'ping', (a) => a.ping()));
    expect(r.ok).toBe(false);
    expect(((r as { error: UserError }).error).title).toBe('The compute engine keeps stopping');
    sup.restartNow();
    await next('recovered');
    expect((await settle(call(sup, 'ping', (a) => a.ping()))).ok).toBe(true);
  });

  it('fails, without looping, when the new engine cannot start any backend', async () => {
    const world = fakeWorld();
    const { sup, next } = setup(world);
    await sup.start();
    await sleep(50);
    world.initFails = true;
    sup.testHandles()!.worker.terminate();
    const failed = (await next('failed')) as Extract<SupervisorEvent, { type: 'failed' }>;
    expect(failed.error.detail).toMatch(/No TensorFlow.js backend could start/);
    expect(world.engines).toHaveLength(2);
  });
});
