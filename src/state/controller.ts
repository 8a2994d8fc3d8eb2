// What the studio does in response to a person: start the engine, load files, predict, explain.
// Talks to the worker only through src/worker/client.ts and writes plain data into the store.

import { t } from '../shared/i18n';
import { EngineClient } from '../worker/client';
import { toUserError } from '../shared/errors';
import { cancelReasonOf } from '../shared/jobs';
import type { Attribution, BackendName, ExplainScore, Progress } from '../shared/types';
import { actions, useStudio } from './store';
import { backendChangeBlocked } from './availability';
import { recoveryHoldsExplanation, watchEngine } from './recoveryController';
import { effectiveScore } from './scoreChoice';

let engine: EngineClient | null = null;
// The explanation request in flight. Every new request (another image, method, class, options, backend,
// model) takes a new sequence number; a request whose number is no longer the latest is stale and writes
// nothing back, not even its partial map.
let explainAbort: AbortController | null = null;
let explainSeq = 0;
/** The options each compared result was asked with (the person's changes, not the defaults filled in). */
const compareOptions = new WeakMap<Attribution, string>();
/** Times in a row the engine dropped a request for a model swap and it was asked again (a guard against loops). */
const MAX_RETRIES = 4;

export function getEngine(): EngineClient {
  if (!engine) {
    engine = new EngineClient();
    watchEngine(engine);
    // What the person asked for while the engine restarted (another image or method) runs once it is back;
    // the request the failure interrupted stays held for "Run again".
    useStudio.subscribe((st, prev) => {
      if (st.engineHealth.state === 'recovered' && prev.engineHealth.state !== 'recovered') void refreshExplanation();
    });
  }
  return engine;
}

export async function startStudio(): Promise<void> {
  try {
    const e = getEngine();
    const t0 = performance.now();
    const r = await e.init();
    console.info(`[glassbox] engine ready in ${Math.round(performance.now() - t0)} ms (backend ${r.timings.backendMs} ms, model ${r.timings.modelMs} ms)`);
    useStudio.setState({ status: 'ready', backend: r.backend, model: r.model, methods: r.methods });
    const t1 = performance.now();
    const demos = await e.demoImages(3);
    actions.addImages(demos);
    console.info(`[glassbox] demo gallery in ${Math.round(performance.now() - t1)} ms`);
  } catch (err) {
    useStudio.setState({ status: 'failed', startError: toUserError(err).detail });
  }
}

export async function removeImage(id: string): Promise<void> {
  actions.removeImage(id);
  await getEngine().removeImage(id);
}

/** Stops the running explanation (the person's Stop); the engine returns what it has computed so far. */
export function stopExplanation(): void {
  explainAbort?.abort();
}

/**
 * Before "Forget everything": drops the explanation in flight (nothing of it is shown) and waits until the
 * engine has ended every explanation and prediction (and a training run, which it stops).
 */
export async function settleEngine(): Promise<void> {
  supersede();
  useStudio.setState({ busy: false, progress: null, comparing: null });
  await getEngine().settle();
}

/** Drops the request in flight: it is superseded, so the engine ends it and nothing of it is shown. Returns the new sequence number. */
function supersede(): number {
  explainAbort?.abort('superseded');
  explainAbort = null;
  return ++explainSeq;
}

/** Shown while the engine trains: it runs one job at a time, so explanations wait for the run to end. */
/** The progress shown while training holds the explanation back (in the page's language when it is shown). */
const waitingForTraining = (): Progress => ({ done: 0, total: 0, stage: t('state:training.explanationWaits') });

async function ensurePrediction(imageId: string, backend: string, stale: () => boolean) {
  const s = useStudio.getState();
  if (s.predictionFor === `${imageId}@${backend}` && s.prediction) return s.prediction;
  const prediction = await getEngine().predict(imageId);
  if (!stale()) useStudio.setState({ prediction, predictionFor: `${imageId}@${backend}` });
  return prediction;
}

/**
 * Predicts (once per image and backend) and explains the selected image for the chosen class. Supersedes
 * the request in flight. Writes back only its own results: never a stale one, and a cancelled one only
 * when the person pressed Stop. When the engine drops it for a model swap (a backend switch, a model load,
 * training), it asks again: the new request waits behind the swap in the engine's queue.
 */
export async function refreshExplanation(retries = 0): Promise<void> {
  const s = useStudio.getState();
  if (s.status !== 'ready') return;
  if (recoveryHoldsExplanation()) {
    // After a restart the interrupted explanation waits for "Run again"; nothing is being computed.
    useStudio.setState({ busy: false, progress: null, comparing: null });
    return;
  }
  const seq = supersede();
  const stale = () => seq !== explainSeq;
  if (!s.selectedId) {
    useStudio.setState({ busy: false, progress: null, comparing: null });
    return;
  }
  if (s.trainStatus !== 'idle') {
    // The training controller asks again when the run ends (with the new model).
    useStudio.setState({ busy: true, progress: waitingForTraining(), comparing: null });
    return;
  }
  const imageId = s.selectedId;
  const backend = s.backend?.active ?? '';
  const abort = new AbortController();
  explainAbort = abort;
  let again = false;
  useStudio.setState({ busy: true, progress: null });
  try {
    const prediction = await ensurePrediction(imageId, backend, stale);
    if (stale()) return;
    const target = useStudio.getState().target ?? prediction.top;
    const score = effectiveScore(useStudio.getState().scoreChoice, prediction.probabilities[target]);
    if (s.mode === 'compare') {
      await runCompare(imageId, backend, target, score, abort.signal, stale);
      return;
    }
    const methodId = s.methodId;
    const options = s.methodOptions[methodId] ?? {};
    const key = `${imageId}@${backend}/${methodId}/${target}/${JSON.stringify(options)}/${score}`;
    if (useStudio.getState().attributionKey === key) return;
    const attribution = await getEngine().explain(
      { imageId, methodId, target, options, score },
      { signal: abort.signal, onProgress: (p) => !stale() && useStudio.setState({ progress: p }) },
    );
    if (stale() || !shownAsResult(attribution)) return;
    // (honest) Remember the top class's map strength for maps of other classes (same method, options and score).
    const ref = `${imageId}@${backend}/${methodId}/${JSON.stringify(options)}/${score}`;
    const top = target === prediction.top && !attribution.run.cancelled ? { [ref]: { target, max: maxAbsOf(attribution.values), units: attribution.units } } : {};
    useStudio.setState((st) => ({ attribution, attributionKey: key, attributionRef: ref, strengthRefs: { ...st.strengthRefs, ...top } }));
  } catch (err) {
    if (stale()) return;
    const reason = cancelReasonOf(err);
    if (reason === 'superseded') again = true;
    else if (reason === null) actions.notify({ kind: 'error', ...toUserError(err) });
    // 'stopped' before anything was computed: nothing to show, nothing to say.
  } finally {
    if (!stale()) {
      if (explainAbort === abort) explainAbort = null;
      useStudio.setState({ busy: false, progress: null, comparing: null });
    }
  }
  if (!again) return;
  if (retries < MAX_RETRIES) return refreshExplanation(retries + 1);
  actions.notify({ kind: 'error', title: t('state:explain.interruptedTitle'), detail: t('state:explain.interruptedDetail'), action: t('state:explain.interruptedAction') });
}

/** A finished map, or one the person stopped; a run cancelled for any other reason is never shown. */
function shownAsResult(a: Attribution): boolean {
  return !a.run.cancelled || a.run.cancelReason === 'stopped';
}

/** Runs every method picked for comparison, one after another, showing each map as it arrives. */
async function runCompare(imageId: string, backend: string, target: number, score: ExplainScore, signal: AbortSignal, stale: () => boolean) {
  const s = useStudio.getState();
  const methods = s.compareMethods.filter((id) => s.methods.some((m) => m.id === id && m.compatible));
  const key = `${imageId}@${backend}/${target}/${score}`;
  if (s.compareKey !== key) useStudio.setState({ compareResults: {}, compareKey: key });
  for (const methodId of methods) {
    if (stale() || signal.aborted) return;
    const options = useStudio.getState().methodOptions[methodId] ?? {};
    const optionsKey = JSON.stringify(options);
    const done = useStudio.getState().compareResults[methodId];
    // A map the person stopped is shown, but computed again (in full) the next time.
    if (done && compareOptions.get(done) === optionsKey && !done.run.cancelled) continue;
    useStudio.setState({ comparing: methodId, progress: null });
    const a = await getEngine().explain(
      { imageId, methodId, target, options, score },
      { signal, onProgress: (p) => !stale() && useStudio.setState({ progress: p }) },
    );
    if (stale() || !shownAsResult(a)) return;
    compareOptions.set(a, optionsKey);
    useStudio.setState((st) => (st.compareKey === key ? { compareResults: { ...st.compareResults, [methodId]: a } } : {}));
  }
}

/**
 * Switches the engine's backend. The explanation in flight is superseded (the engine cancels it and
 * waits for it to end before it switches) and computed again on the new backend.
 */
export async function switchBackend(name: BackendName): Promise<void> {
  const blocked = backendChangeBlocked(useStudio.getState());
  if (blocked) {
    // The settings are disabled then; a click that arrives anyway is answered, not lost.
    actions.notify({ kind: 'info', title: blocked.title, detail: blocked.detail, action: blocked.action });
    return;
  }
  supersede();
  useStudio.setState((s) => ({ switchingBackend: true, ...(s.selectedId ? { busy: true, progress: { done: 0, total: 0, stage: 'switching backend…' }, comparing: null } : {}) }));
  try {
    const r = await getEngine().setBackend(name);
    useStudio.setState({ backend: r.backend, model: r.model, attributionKey: null, predictionFor: null });
    if (r.backend.active !== name) {
      const probe = r.backend.probes.find((p) => p.name === name);
      actions.notify({ kind: 'error', title: t('state:explain.unavailableTitle', { backend: name.toUpperCase() }), detail: probe?.reason ?? t('state:explain.didNotStart'), action: t('state:explain.staying', { backend: r.backend.active.toUpperCase() }) });
    }
  } catch (err) {
    actions.notify({ kind: 'error', ...toUserError(err) });
  } finally {
    useStudio.setState({ switchingBackend: false });
  }
  await refreshExplanation();
}

/** Largest |value| of a map. */
function maxAbsOf(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}
