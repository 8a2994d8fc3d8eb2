// What the studio does in response to a person: start the engine, load files, predict, explain.
// Talks to the worker only through src/worker/client.ts and writes plain data into the store.

import { EngineClient, toEngineError, type EngineError } from '../worker/client';
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
    const r = await e.init();
    useStudio.setState({ status: 'ready', backend: r.backend, model: r.model, methods: r.methods });
    const demos = await e.demoImages(3);
    actions.addImages(demos);
  } catch (err) {
    useStudio.setState({ status: 'failed', startError: toEngineError(err).detail });
  }
}

const ACCEPTED = /\.(png|jpe?g|webp|gif|bmp|dcm|dicom|tiff?)$/i;

/** Loads files one by one; a bad file gets its own message and the others still load. */
export async function loadFiles(files: File[]): Promise<void> {
  if (!files.length) return;
  const e = getEngine();
  useStudio.setState((s) => ({ loadingCount: s.loadingCount + files.length }));
  let first = true;
  for (const f of files) {
    try {
      if (!f.type.startsWith('image/') && !ACCEPTED.test(f.name) && f.type !== '') {
        throw { title: `"${f.name}" is not an image`, detail: `Its type is ${f.type || 'unknown'}.`, action: 'Drop PNG, JPEG, WebP, GIF or BMP files.' } satisfies EngineError;
      }
      const info = await e.addImage(f, f.name || 'pasted image');
      actions.addImages([info], first);
      first = false;
    } catch (err) {
      const ue = (err as EngineError).title ? (err as EngineError) : toEngineError(err);
      actions.notify({ kind: 'error', ...ue });
    } finally {
      useStudio.setState((s) => ({ loadingCount: s.loadingCount - 1 }));
    }
  }
}

export async function removeImage(id: string): Promise<void> {
  actions.removeImage(id);
  await getEngine().removeImage(id);
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
    const e = getEngine();
    let prediction = s.prediction;
    if (s.predictionFor !== `${imageId}@${backend}` || !prediction) {
      prediction = await e.predict(imageId);
      if (stale()) return;
      useStudio.setState({ prediction, predictionFor: `${imageId}@${backend}` });
    }
    const target = useStudio.getState().target ?? prediction.top;
    const methodId = s.methodId;
    const key = `${imageId}@${backend}/${methodId}/${target}`;
    if (useStudio.getState().attributionKey === key) return;
    const attribution = await e.explain(
      { imageId, methodId, target },
      { signal: abort.signal, onProgress: (p) => !stale() && useStudio.setState({ progress: p }) },
    );
    if (stale()) return;
    useStudio.setState({ attribution, attributionKey: key });
  } catch (err) {
    if (!stale()) actions.notify({ kind: 'error', ...toEngineError(err) });
  } finally {
    if (!stale()) useStudio.setState({ busy: false, progress: null });
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
    actions.notify({ kind: 'error', ...toEngineError(err) });
  } finally {
    useStudio.setState({ switchingBackend: false });
  }
  await refreshExplanation();
}
