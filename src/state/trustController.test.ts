// The trust controller against a fake EngineClient whose answers the test releases: the cheap figures are
// asked once per finished explanation, a new explanation supersedes them at once, figures that arrive for
// another explanation are dropped, and the sanity check joins the figures already there.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Attribution } from '../shared/types';
import type { TrustFigures, TrustRequest } from '../shared/trust';

const fake = vi.hoisted(() => {
  interface Call {
    req: TrustRequest;
    signal?: AbortSignal;
    resolve: (a: unknown) => void;
    reject: (e: unknown) => void;
  }
  class FakeEngine {
    trusts: Call[] = [];
    sanities: Call[] = [];
    trust(req: TrustRequest, opts: { signal?: AbortSignal } = {}) {
      return new Promise((resolve, reject) => this.trusts.push({ req, signal: opts.signal, resolve, reject }));
    }
    sanityCheck(req: TrustRequest, opts: { signal?: AbortSignal } = {}) {
      return new Promise((resolve, reject) => this.sanities.push({ req, signal: opts.signal, resolve, reject }));
    }
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

const { getEngine } = await import('./controller');
const { runSanityCheck, watchTrust } = await import('./trustController');
const { initialState, useStudio } = await import('./store');
const { JobCancelled } = await import('../shared/jobs');

const attribution = (method: string, target: number, options: Record<string, number> = {}): Attribution =>
  ({ values: new Float32Array(4), width: 2, height: 2, signed: false, units: 'probability', checks: [], run: { method, options, target, seed: null, evaluations: { done: 1, total: 1, unit: 'passes' }, batchSize: null, ms: 1, backend: 'cpu', cancelled: false } }) as Attribution;

const KEY_A = 'img1@cpu/gradcam/1/{}';
const KEY_B = 'img2@cpu/gradcam/1/{}';
const figures = (key: string, auc: number): TrustFigures => ({ key, checks: [{ id: 'deletion-auc', label: 'Deletion AUC', value: auc, format: 'number', status: 'ok' }], deletion: { mode: 'deletion', x: [0, 1], y: [1, 0], randomY: [1, 0.5], auc, randomAuc: 0.75, units: 'probability' } });
const flush = () => new Promise((r) => setTimeout(r, 0));

let stop: () => void;
beforeEach(() => {
  stop?.();
  // An explicit score choice: these tests are about timing, not about waiting for the prediction ('auto').
  useStudio.setState({ ...initialState, status: 'ready', mode: 'single', methodId: 'gradcam', selectedId: 'img1', scoreChoice: 'probability' });
  getEngine();
  fake.engine!.trusts = [];
  fake.engine!.sanities = [];
  stop = watchTrust();
});

describe('trust figures of the explanation on screen', () => {
  it('asks once the map is finished, with the run record’s method, class and options, and shows the answer', async () => {
    useStudio.setState({ busy: true, scoreChoice: 'auto' });
    useStudio.setState({ attribution: attribution('gradcam', 1, { layer: 0 }), attributionKey: KEY_A });
    expect(fake.engine!.trusts).toHaveLength(0); // not while the view is busy
    useStudio.setState({ busy: false });
    // Explain 'auto' needs the prediction (is the class saturated?) before choosing the curves' score.
    expect(fake.engine!.trusts).toHaveLength(0);
    useStudio.setState({ prediction: { probabilities: [0.2, 0.7, 0.1], labels: ['a', 'b', 'c'], top: 1 }, predictionFor: 'img1@cpu' });
    expect(fake.engine!.trusts).toHaveLength(1);
    expect(fake.engine!.trusts[0].req).toEqual({ imageId: 'img1', methodId: 'gradcam', target: 1, options: { layer: 0 }, key: KEY_A, score: 'probability' });
    expect(useStudio.getState().trustRun).toMatchObject({ part: 'measures', key: KEY_A });
    fake.engine!.trusts[0].resolve(figures(KEY_A, 0.1));
    await flush();
    expect(useStudio.getState().trust?.deletion?.auc).toBe(0.1);
    expect(useStudio.getState().trustRun).toBeNull();
    // The same explanation again (busy on and off, same key): not asked again.
    useStudio.setState({ busy: true });
    useStudio.setState({ busy: false });
    expect(fake.engine!.trusts).toHaveLength(1);
  });

  it('follows the logit when the explained class is saturated (Explain: auto), and the person\'s explicit choice otherwise', () => {
    const prediction = { probabilities: [0.0004, 0.9995, 0.0001], labels: ['a', 'b', 'c'], top: 1 };
    useStudio.setState({ prediction, predictionFor: 'img1@cpu', scoreChoice: 'auto', attribution: attribution('gradcam', 1), attributionKey: KEY_A });
    expect(fake.engine!.trusts.at(-1)!.req.score).toBe('logit');
    const n = fake.engine!.trusts.length;
    useStudio.setState({ prediction: { ...prediction, probabilities: [0.2, 0.7, 0.1] }, attribution: attribution('gradcam', 0), attributionKey: 'img1@cpu/gradcam/0/{}' });
    expect(fake.engine!.trusts.length).toBe(n + 1);
    expect(fake.engine!.trusts.at(-1)!.req.score).toBe('probability');
    useStudio.setState({ scoreChoice: 'logit', attribution: attribution('gradcam', 2), attributionKey: 'img1@cpu/gradcam/2/{}' });
    expect(fake.engine!.trusts.at(-1)!.req.score).toBe('logit');
  });

  it('a new explanation supersedes the figures in flight; their late answer is dropped', async () => {
    useStudio.setState({ attribution: attribution('gradcam', 1), attributionKey: KEY_A });
    const first = fake.engine!.trusts[0];
    useStudio.setState({ selectedId: 'img2', busy: true });
    expect(first.signal?.aborted).toBe(true);
    expect(first.signal?.reason).toBe('superseded');
    useStudio.setState({ attribution: attribution('gradcam', 1), attributionKey: KEY_B, busy: false });
    expect(fake.engine!.trusts).toHaveLength(2);
    expect(fake.engine!.trusts[1].req.imageId).toBe('img2');
    first.resolve(figures(KEY_A, 0.9)); // arrives late anyway
    await flush();
    expect(useStudio.getState().trust).toBeNull();
    fake.engine!.trusts[1].resolve(figures(KEY_B, 0.2));
    await flush();
    expect(useStudio.getState().trust?.key).toBe(KEY_B);
    expect(useStudio.getState().trust?.deletion?.auc).toBe(0.2);
  });

  it('a run the engine dropped (JobCancelled) writes nothing and is not asked again in a loop', async () => {
    useStudio.setState({ attribution: attribution('gradcam', 1), attributionKey: KEY_A });
    fake.engine!.trusts[0].reject(new JobCancelled('superseded'));
    await flush();
    expect(useStudio.getState().trust).toBeNull();
    expect(fake.engine!.trusts).toHaveLength(1);
  });

  it('the sanity check runs on demand and joins the figures already there, in a steady order', async () => {
    useStudio.setState({ attribution: attribution('gradcam', 1), attributionKey: KEY_A });
    runSanityCheck(); // refused while the figures run
    expect(fake.engine!.sanities).toHaveLength(0);
    fake.engine!.trusts[0].resolve({ ...figures(KEY_A, 0.1), rules: { 'deletion-auc': 'rule D' } });
    await flush();
    runSanityCheck();
    expect(fake.engine!.sanities).toHaveLength(1);
    expect(useStudio.getState().trustRun?.part).toBe('sanity');
    fake.engine!.sanities[0].resolve({ key: KEY_A, randomisation: { layers: ['dense', 'conv1'], spearman: [0.1, 0.05], ssim: [0.3, 0.2] }, check: { id: 'randomisation', label: 'ρ', value: 0.1, format: 'number', status: 'ok' }, rule: 'rule R', partial: false });
    await flush();
    const t = useStudio.getState().trust!;
    expect(t.checks.map((c) => c.id)).toEqual(['deletion-auc', 'randomisation']);
    expect(t.randomisation?.layers).toEqual(['dense', 'conv1']);
    expect(t.rules).toEqual({ 'deletion-auc': 'rule D', randomisation: 'rule R' });
    expect(t.deletion?.auc).toBe(0.1);
    expect(t.sanityPartial).toBe(false);
    // a stopped run is marked partial; a full run after it is not
    const sanity = (partial: boolean) => ({ key: KEY_A, randomisation: { layers: ['dense'], spearman: [0.1], ssim: [0.3] }, check: { id: 'randomisation', label: 'ρ', value: 0.1, format: 'number' as const, status: 'ok' as const }, rule: 'rule R', partial });
    runSanityCheck();
    fake.engine!.sanities[1].resolve(sanity(true));
    await flush();
    expect(useStudio.getState().trust!.sanityPartial).toBe(true);
    runSanityCheck();
    fake.engine!.sanities[2].resolve(sanity(false));
    await flush();
    expect(useStudio.getState().trust!.sanityPartial).toBe(false);
  });

  it('a stopped or cancelled map and the Compare view get no figures', () => {
    useStudio.setState({ attribution: { ...attribution('gradcam', 1), run: { ...attribution('gradcam', 1).run, cancelled: true } }, attributionKey: KEY_A });
    expect(fake.engine!.trusts).toHaveLength(0);
    useStudio.setState({ attribution: attribution('gradcam', 1), mode: 'compare' });
    expect(fake.engine!.trusts).toHaveLength(0);
    useStudio.setState({ mode: 'single' });
    expect(fake.engine!.trusts).toHaveLength(1);
  });
});
