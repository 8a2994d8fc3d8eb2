// What the studio does in response to a person: start the engine, load files, predict, explain.
// Talks to the worker only through src/worker/client.ts and writes plain data into the store.

import { EngineClient } from '../worker/client';
import { toUserError } from '../shared/errors';
import type { BackendName } from '../shared/types';
import { actions, useStudio } from './store';

let engine: EngineClient | null = null;
let explainAbort: AbortController | null = null;
let explainSeq = 0;

export function getEngine(): EngineClient {
  if (!engine) engine = new EngineClient();
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

/** Stops the running explanation; the engine returns what it has computed so far. */
export function stopExplanation(): void {
  explainAbort?.abort();
}

async function ensurePrediction(imageId: string, backend: string, stale: () => boolean) {
  const s = useStudio.getState();
  if (s.predictionFor === `${imageId}@${backend}` && s.prediction) return s.prediction;
  const prediction = await getEngine().predict(imageId);
  if (!stale()) useStudio.setState({ prediction, predictionFor: `${imageId}@${backend}` });
  return prediction;
}

/** Predicts (once per image and backend) and explains the selected image for the chosen class. */
export async function refreshExplanation(): Promise<void> {
  const s = useStudio.getState();
  if (s.status !== 'ready' || !s.selectedId) return;
  const imageId = s.selectedId;
  const backend = s.backend?.active ?? '';
  explainAbort?.abort();
  const abort = new AbortController();
  explainAbort = abort;
  const seq = ++explainSeq;
  const stale = () => seq !== explainSeq;
  useStudio.setState({ busy: true, progress: null });
  try {
    const prediction = await ensurePrediction(imageId, backend, stale);
    if (stale()) return;
    const target = useStudio.getState().target ?? prediction.top;
    if (s.mode === 'compare') {
      await runCompare(imageId, backend, target, abort.signal, stale);
      return;
    }
    const methodId = s.methodId;
    const options = s.methodOptions[methodId] ?? {};
    const key = `${imageId}@${backend}/${methodId}/${target}/${JSON.stringify(options)}`;
    if (useStudio.getState().attributionKey === key) return;
    const attribution = await getEngine().explain(
      { imageId, methodId, target, options },
      { signal: abort.signal, onProgress: (p) => !stale() && useStudio.setState({ progress: p }) },
    );
    if (stale() && !attribution.meta.cancelled) return;
    useStudio.setState({ attribution, attributionKey: key });
  } catch (err) {
    if (!stale()) actions.notify({ kind: 'error', ...toUserError(err) });
  } finally {
    if (!stale()) useStudio.setState({ busy: false, progress: null, comparing: null });
  }
}

/** Runs every method picked for comparison, one after another, showing each map as it arrives. */
async function runCompare(imageId: string, backend: string, target: number, signal: AbortSignal, stale: () => boolean) {
  const s = useStudio.getState();
  const methods = s.compareMethods.filter((id) => s.methods.some((m) => m.id === id && m.compatible));
  const key = `${imageId}@${backend}/${target}`;
  if (s.compareKey !== key) useStudio.setState({ compareResults: {}, compareKey: key });
  for (const methodId of methods) {
    if (stale() || signal.aborted) return;
    const options = useStudio.getState().methodOptions[methodId] ?? {};
    const done = useStudio.getState().compareResults[methodId];
    if (done && done.meta.optionsKey === JSON.stringify(options)) continue;
    useStudio.setState({ comparing: methodId, progress: null });
    const a = await getEngine().explain(
      { imageId, methodId, target, options },
      { signal, onProgress: (p) => !stale() && useStudio.setState({ progress: p }) },
    );
    if (stale()) return;
    a.meta.optionsKey = JSON.stringify(options);
    useStudio.setState((st) => ({ compareResults: { ...st.compareResults, [methodId]: a } }));
  }
}

export async function switchBackend(name: BackendName): Promise<void> {
  useStudio.setState({ switchingBackend: true });
  try {
    const r = await getEngine().setBackend(name);
    useStudio.setState({ backend: r.backend, model: r.model, attributionKey: null, predictionFor: null });
    if (r.backend.active !== name) {
      const probe = r.backend.probes.find((p) => p.name === name);
      actions.notify({ kind: 'error', title: `${name.toUpperCase()} is not available here`, detail: probe?.reason ?? 'It did not start.', action: `Staying on ${r.backend.active.toUpperCase()}.` });
    }
  } catch (err) {
    actions.notify({ kind: 'error', ...toUserError(err) });
  } finally {
    useStudio.setState({ switchingBackend: false });
  }
  await refreshExplanation();
}
