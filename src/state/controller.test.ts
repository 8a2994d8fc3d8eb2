// The page's controllers against a fake EngineClient whose answers the test releases one by one, in any
// order: stale-request sequencing (a newer request always shows its own result, a cancelled one is shown
// only when Stop was pressed), the engine dropping a request for a model swap, training holding the
// engine, backend switches, and the Compare cache.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Attribution, BackendReport, ImageInfo, MethodDescriptor } from '../shared/types';
import type { ModelChange } from '../shared/training';

const fake = vi.hoisted(() => {
  interface Call {
    req: { imageId: string; methodId: string; target: number; options?: Record<string, unknown> };
    signal?: AbortSignal;
    resolve: (a: unknown) => void;
    reject: (e: unknown) => void;
  }
  class FakeEngine {
    explains: Call[] = [];
    predicts: string[] = [];
    backends: { name: string; resolve: (r: unknown) => void }[] = [];
    loads: { resolve: (r: unknown) => void; reject: (e: unknown) => void }[] = [];
    predict(imageId: string) {
      this.predicts.push(imageId);
      return Promise.resolve({ probabilities: [0.2, 0.7, 0.1], labels: ['a', 'b', 'c'], top: 1 });
    }
    explain(req: Call['req'], opts: { signal?: AbortSignal } = {}) {
      return new Promise((resolve, reject) => this.explains.push({ req, signal: opts.signal, resolve, reject }));
    }
    setBackend(name: string) {
      return new Promise((resolve) => this.backends.push({ name, resolve }));
    }
    loadModelFiles() {
      return new Promise((resolve, reject) => this.loads.push({ resolve, reject }));
    }
    loadDemoModel() {
      return this.loadModelFiles();
    }
    // What recovery (recoveryController.watchEngine) hooks into; these tests never restart the engine.
    onEvent() {
      return () => undefined;
    }
    setRestorer() {}
  }
  return { FakeEngine, engine: null as FakeEngine | null };
});

vi.mock('../worker/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../worker/client')>()),
  EngineClient: class extends fake.FakeEngine {
    constructor() {
      super();
      fake.engine = this;
    }
  },
}));

const { getEngine, refreshExplanation, stopExplanation, switchBackend } = await import('./controller');
const { applyModelChange, loadModelFromFiles } = await import('./activeModelController');
const { actions, initialState, useStudio } = await import('./store');

const img = (id: string): ImageInfo => ({ id, name: id, width: 8, height: 8, source: 'demo', preview: { width: 1, height: 1, data: new Uint8ClampedArray(4) } });
const method = (id: string): MethodDescriptor => ({ id, label: id.toUpperCase(), summary: '', about: '', kind: 'perturbation', signed: false, defaultOptions: {}, options: [], compatible: true, openByDefault: id === 'lime', compareByDefault: true });
const BACKEND: BackendReport = { active: 'wasm', chosenBy: 'measured', probes: [] };

/** A map whose first value names it, so the test can tell which request it answers. */
function map(tag: number, run: Partial<Attribution['run']> & { done?: number; total?: number } = {}): Attribution {
  const { done = 1, total = 1, ...rest } = run;
  return {
    values: new Float32Array([tag, 0, 0, 0]), width: 2, height: 2, signed: false, units: 'probability-change', checks: [],
    run: { method: 'x', options: {}, target: 0, seed: null, evaluations: { done, total, unit: 'samples' }, batchSize: null, ms: 1, backend: 'wasm', cancelled: false, ...rest },
  };
}
/** How the real engine answers a superseded run (the error as comlink hands it over). */
const superseded = () => Object.assign(new Error('cancelled: superseded'), { name: 'JobCancelled' });

const flush = async () => {
  for (let i = 0; i < 6; i++) await new Promise((r) => setTimeout(r, 0));
};
const engine = () => fake.engine!;
const shown = () => useStudio.getState().attribution?.values[0] ?? null;
const lastCall = () => engine().explains.at(-1)!;

beforeEach(() => {
  getEngine();
  engine().explains = [];
  engine().predicts = [];
  engine().backends = [];
  engine().loads = [];
  useStudio.setState(
    {
      ...initialState,
      status: 'ready',
      backend: BACKEND,
      images: [img('i1'), img('i2')],
      selectedId: 'i1',
      methods: ['lime', 'gradcam', 'rise'].map(method),
      methodId: 'lime',
    },
    true,
  );
});

describe('a newer request always shows its own result', () => {
  it('LIME then Grad-CAM: LIME is superseded, and even a late partial LIME map is never written back', async () => {
    void refreshExplanation();
    await flush();
    const lime = lastCall();
    expect(lime.req).toMatchObject({ imageId: 'i1', methodId: 'lime', target: 1 });
    actions.setMethod('gradcam');
    void refreshExplanation();
    await flush();
    const gradcam = lastCall();
    // The old request was told it is superseded, not stopped.
    expect(lime.signal?.aborted).toBe(true);
    expect(lime.signal?.reason).toBe('superseded');
    gradcam.resolve(map(2));
    await flush();
    // An engine that answers with LIME's partial map anyway (as the old one did) changes nothing.
    lime.resolve(map(1, { cancelled: true, done: 1200, total: 6000 }));
    await flush();
    expect(shown()).toBe(2);
    expect(useStudio.getState().attributionKey).toMatch(/\/gradcam\//);
    expect(useStudio.getState().busy).toBe(false);
  });

  it('keeps the spinner while the newer request runs, when the older one answers first', async () => {
    void refreshExplanation();
    await flush();
    const first = lastCall();
    actions.select('i2');
    void refreshExplanation();
    await flush();
    const second = lastCall();
    first.resolve(map(1));
    await flush();
    expect(shown()).toBeNull();
    expect(useStudio.getState().busy).toBe(true);
    second.resolve(map(2));
    await flush();
    expect(shown()).toBe(2);
    expect(useStudio.getState().busy).toBe(false);
    expect(useStudio.getState().attributionKey).toMatch(/^i2@wasm\/lime\//);
  });

  it('going back to a superseded method computes it again and never says "Stopped early"', async () => {
    void refreshExplanation();
    await flush();
    const lime = lastCall();
    actions.setMethod('gradcam');
    void refreshExplanation();
    await flush();
    lime.reject(superseded());
    lastCall().resolve(map(2));
    await flush();
    actions.setMethod('lime');
    void refreshExplanation();
    await flush();
    expect(engine().explains).toHaveLength(3);
    lastCall().resolve(map(3));
    await flush();
    expect(shown()).toBe(3);
    expect(useStudio.getState().attribution?.run.cancelled).toBe(false);
    expect(useStudio.getState().notices).toEqual([]);
  });

  it('Stop keeps the partial map, marked stopped by the person', async () => {
    void refreshExplanation();
    await flush();
    const lime = lastCall();
    stopExplanation();
    expect(lime.signal?.aborted).toBe(true);
    expect(lime.signal?.reason).not.toBe('superseded');
    lime.resolve(map(1, { cancelled: true, cancelReason: 'stopped', done: 10, total: 6000 }));
    await flush();
    expect(shown()).toBe(1);
    expect(useStudio.getState().attribution?.run).toMatchObject({ cancelled: true, cancelReason: 'stopped' });
    expect(useStudio.getState().busy).toBe(false);
  });

  it('an error is reported for the current request only', async () => {
    void refreshExplanation();
    await flush();
    const old = lastCall();
    actions.setMethod('rise');
    void refreshExplanation();
    await flush();
    old.reject(new Error('old failure'));
    await flush();
    expect(useStudio.getState().notices).toEqual([]);
    lastCall().reject(new Error('RISE failed'));
    await flush();
    expect(useStudio.getState().notices.map((n) => n.detail)).toEqual(['RISE failed']);
    expect(useStudio.getState().busy).toBe(false);
  });

  it('asks again when the engine drops the request for a model swap, and shows that answer', async () => {
    void refreshExplanation();
    await flush();
    lastCall().reject(superseded());
    await flush();
    expect(engine().explains).toHaveLength(2);
    expect(lastCall().req).toMatchObject({ imageId: 'i1', methodId: 'lime' });
    expect(useStudio.getState().busy).toBe(true);
    lastCall().resolve(map(7));
    await flush();
    expect(shown()).toBe(7);
    expect(useStudio.getState().notices).toEqual([]);
  });

  it('gives up with one message when the engine drops the request again and again', async () => {
    void refreshExplanation();
    for (let i = 0; i < 5; i++) {
      await flush();
      lastCall().reject(superseded());
    }
    await flush();
    expect(engine().explains).toHaveLength(5);
    expect(useStudio.getState().notices.map((n) => n.title)).toEqual(['The explanation kept being interrupted']);
    expect(useStudio.getState().busy).toBe(false);
  });
});

describe('while the engine restarts', () => {
  it('asks nothing of it, clears the spinner, and runs what the person picked meanwhile once it is back', async () => {
    useStudio.setState({ engineHealth: { state: 'restarting', message: 'restarting…', canRunAgain: false }, busy: true });
    actions.select('i2');
    void refreshExplanation();
    await flush();
    expect(engine().explains).toHaveLength(0);
    expect(useStudio.getState().busy).toBe(false);
    useStudio.setState({ engineHealth: { state: 'recovered', message: 'back', canRunAgain: true } });
    await flush();
    expect(lastCall().req).toMatchObject({ imageId: 'i2', methodId: 'lime' });
    lastCall().resolve(map(5));
    await flush();
    expect(shown()).toBe(5);
  });
});

describe('model swaps and training', () => {
  const change = (name: string): ModelChange => ({
    model: { name, labels: ['a', 'b', 'c'], inputShape: [1, 8, 8, 3], preprocessing: { width: 8, height: 8, channels: 3, resize: 'stretch', scale: 'zeroOne' }, layers: [], convLayers: [], camLayers: [], defaultCamLayer: null, params: 1, backend: 'wasm' },
    methods: ['lime', 'gradcam', 'rise'].map(method),
    origin: { libraryId: null, warnings: [], metadata: { name, labels: ['a', 'b', 'c'], preprocessing: { width: 8, height: 8, channels: 3, resize: 'stretch', scale: 'zeroOne' } }, serial: 2 },
    backend: BACKEND,
  });

  it('while a model trains, nothing is asked of the engine and the viewer says the explanation waits', async () => {
    void refreshExplanation();
    await flush();
    const running = lastCall();
    useStudio.setState({ trainStatus: 'training' });
    void refreshExplanation();
    await flush();
    expect(running.signal?.reason).toBe('superseded');
    expect(engine().explains).toHaveLength(1);
    expect(useStudio.getState().busy).toBe(true);
    expect(useStudio.getState().progress?.stage).toMatch(/^Training is running/);
    // The run's late answer is not shown.
    running.resolve(map(1));
    await flush();
    expect(shown()).toBeNull();
    // The trained model arrives: its explanation is asked for.
    useStudio.setState({ trainStatus: 'idle' });
    applyModelChange(change('trained'));
    await flush();
    expect(engine().explains).toHaveLength(2);
    lastCall().resolve(map(5));
    await flush();
    expect(shown()).toBe(5);
    expect(useStudio.getState().model?.name).toBe('trained');
  });

  it('a model loaded during a run: the run is dropped, the new model explains; loading is refused while training', async () => {
    void refreshExplanation();
    await flush();
    const running = lastCall();
    const file = { file: new File(['{}'], 'model.json'), path: 'model.json' };
    const loaded = loadModelFromFiles([file]);
    await flush();
    // The engine cancels the run for the swap; the controller asks again, behind the swap.
    running.reject(superseded());
    await flush();
    expect(engine().explains).toHaveLength(2);
    engine().loads[0].resolve(change('other'));
    expect(await loaded).toBe(true);
    await flush();
    // The retry was superseded by the new model's request.
    expect(engine().explains[1].signal?.reason).toBe('superseded');
    expect(engine().explains).toHaveLength(3);
    engine().explains[1].resolve(map(1));
    lastCall().resolve(map(9));
    await flush();
    expect(shown()).toBe(9);

    useStudio.setState({ trainStatus: 'training' });
    expect(await loadModelFromFiles([file])).toBe(false);
    expect(engine().loads).toHaveLength(1);
    expect(useStudio.getState().notices.at(-1)).toMatchObject({ kind: 'info', title: 'Training is running' });
  });

  it('a backend switch supersedes the run, then explains again on the new backend; refused while training', async () => {
    void refreshExplanation();
    await flush();
    const running = lastCall();
    const switched = switchBackend('cpu');
    expect(running.signal?.reason).toBe('superseded');
    expect(useStudio.getState().switchingBackend).toBe(true);
    running.resolve(map(1, { cancelled: true, done: 5, total: 6000 }));
    engine().backends[0].resolve({ backend: { ...BACKEND, active: 'cpu', chosenBy: 'user' }, model: change('demo').model });
    await flush();
    expect(useStudio.getState().switchingBackend).toBe(false);
    // A new prediction and explanation, on the new backend.
    expect(engine().predicts).toEqual(['i1', 'i1']);
    expect(engine().explains).toHaveLength(2);
    lastCall().resolve(map(4));
    await switched;
    expect(shown()).toBe(4);
    expect(useStudio.getState().attributionKey).toMatch(/^i1@cpu\/lime\//);

    useStudio.setState({ trainStatus: 'training' });
    await switchBackend('wasm');
    expect(engine().backends).toHaveLength(1);
    expect(useStudio.getState().notices.at(-1)).toMatchObject({ title: 'Training is running' });
  });
});

describe('the Compare cache', () => {
  beforeEach(() => useStudio.setState({ mode: 'compare', compareMethods: ['gradcam', 'rise'] }));

  async function answerAll(tagBase: number) {
    for (let i = 0; i < 4; i++) {
      await flush();
      const c = engine().explains.find((x) => !(x as { done?: boolean }).done);
      if (!c) return;
      (c as { done?: boolean }).done = true;
      c.resolve(map(tagBase + engine().explains.indexOf(c)));
    }
  }
  const cached = () => Object.fromEntries(Object.entries(useStudio.getState().compareResults).map(([k, a]) => [k, a.values[0]]));
  const asked = () => engine().explains.map((c) => `${c.req.methodId}:${c.req.target}`);

  it('computes each method once, and again only what changed', async () => {
    const run = refreshExplanation();
    await answerAll(10);
    await run;
    expect(asked()).toEqual(['gradcam:1', 'rise:1']);
    expect(cached()).toEqual({ gradcam: 10, rise: 11 });
    // Nothing changed: nothing is asked.
    await refreshExplanation();
    expect(asked()).toHaveLength(2);
    // RISE's options changed: only RISE.
    actions.setOption('rise', 'masks', 500);
    const again = refreshExplanation();
    await answerAll(20);
    await again;
    expect(asked()).toEqual(['gradcam:1', 'rise:1', 'rise:1']);
    expect(cached()).toEqual({ gradcam: 10, rise: 22 });
    // Another class: everything, and the old class's maps are gone.
    actions.setTarget(0);
    const other = refreshExplanation();
    await answerAll(30);
    await other;
    expect(asked().slice(3)).toEqual(['gradcam:0', 'rise:0']);
    expect(cached()).toEqual({ gradcam: 33, rise: 34 });
  });

  it('shows a stopped map but computes it again next time; a stale run never writes into the new cache', async () => {
    const run = refreshExplanation();
    await flush();
    engine().explains[0].resolve(map(10));
    await flush();
    stopExplanation();
    engine().explains[1].resolve(map(11, { cancelled: true, cancelReason: 'stopped', done: 3, total: 1000 }));
    await run;
    expect(cached()).toEqual({ gradcam: 10, rise: 11 });
    expect(useStudio.getState().compareResults.rise.run.cancelled).toBe(true);

    const again = refreshExplanation();
    await flush();
    expect(asked()).toEqual(['gradcam:1', 'rise:1', 'rise:1']);
    // While RISE runs again, the person picks another class: the old run's answer must not land in the new cache.
    const stale = engine().explains[2];
    actions.setTarget(2);
    const other = refreshExplanation();
    await flush();
    stale.resolve(map(99));
    await again;
    await flush();
    expect(cached()).toEqual({});
    engine().explains[3].resolve(map(40));
    await flush();
    engine().explains[4].resolve(map(41));
    await other;
    expect(cached()).toEqual({ gradcam: 40, rise: 41 });
    expect(useStudio.getState().compareKey).toBe('i1@wasm/2/probability');
  });
});
