// The active model, as the page sees it: putting a new one into the store (and recomputing what depends
// on it), loading a model someone has from files, going back to the demo model, and corrections to the
// model's labels, preprocessing, name or CAM layer. Talks to the worker only through client.ts.
//
// Replacing the model is a model swap in the engine: it cancels the running explanation and waits for it
// (the page's explanation controller asks again behind it). While a model trains, a swap is refused here
// with the reason (the buttons are disabled then; a drop can still arrive).

import { t } from '../shared/i18n';
import { toUserError } from '../shared/errors';
import type { MethodDescriptor, OptionValues } from '../shared/types';
import type { MetadataPatch, ModelChange } from '../shared/training';
import { getEngine, refreshExplanation } from './controller';
import { actions, useStudio } from './store';
import { modelChangeBlocked } from './availability';
import type { PickedFile } from './trainingController';

/** Shows anything thrown as an error notice (title, detail, what to do). */
export function report(err: unknown): void {
  actions.notify({ kind: 'error', ...toUserError(err) });
}

/**
 * Runs a library or model task with `what` ("Loading…") in libraryBusy, for the buttons to wait on.
 * Returns its result, or undefined when it failed (the failure is reported as a notice).
 */
export async function libraryTask<T>(what: string, f: () => Promise<T>): Promise<T | undefined> {
  useStudio.setState({ libraryBusy: what });
  try {
    return await f();
  } catch (err) {
    report(err);
    return undefined;
  } finally {
    useStudio.setState({ libraryBusy: null });
  }
}

/** True (and says why) when the active model cannot be replaced now. */
export function refuseModelChange(): boolean {
  const b = modelChangeBlocked(useStudio.getState());
  if (!b) return false;
  actions.notify({ kind: 'info', ...b });
  return true;
}

/** Options of type 'layer' name layers of one model; another model may not have them. */
function withoutLayerOptions(options: Record<string, OptionValues>, methods: MethodDescriptor[]): Record<string, OptionValues> {
  const out: Record<string, OptionValues> = {};
  let changed = false;
  for (const [id, values] of Object.entries(options)) {
    const layerKeys = new Set(methods.find((m) => m.id === id)?.options.filter((o) => o.type === 'layer').map((o) => o.key) ?? []);
    const kept = Object.entries(values).filter(([k]) => !layerKeys.has(k));
    changed ||= kept.length !== Object.keys(values).length;
    out[id] = Object.fromEntries(kept);
  }
  // The same object when nothing changed, so nothing that depends on the options runs again.
  return changed ? out : options;
}

/** Puts a new active model into the store; explanations are recomputed unless only its name changed. */
export function applyModelChange(change: ModelChange, o: { explanationsStillValid?: boolean } = {}): void {
  const s = useStudio.getState();
  if (o.explanationsStillValid) {
    useStudio.setState({ model: change.model, modelOrigin: change.origin, backend: change.backend });
    return;
  }
  const compatible = change.methods.filter((m) => m.compatible);
  const methodId = compatible.some((m) => m.id === s.methodId) ? s.methodId : (compatible[0]?.id ?? s.methodId);
  useStudio.setState({
    model: change.model,
    methods: change.methods,
    backend: change.backend,
    modelOrigin: change.origin,
    methodId,
    methodOptions: withoutLayerOptions(s.methodOptions, s.methods),
    prediction: null,
    predictionFor: null,
    attribution: null,
    attributionKey: null,
    compareResults: {},
    compareKey: null,
    target: null,
  });
  void refreshExplanation();
}

/** Reads the active model's origin (library id, warnings, metadata) from the worker into the store. */
export async function refreshCurrentModel(): Promise<void> {
  try {
    const c = await getEngine().currentModel();
    useStudio.setState({ modelOrigin: c.origin });
  } catch (err) {
    report(err);
  }
}

/** Loads a model someone has from dropped or picked files; a broken one changes nothing and says why. */
export async function loadModelFromFiles(files: PickedFile[]): Promise<boolean> {
  if (!files.length || refuseModelChange()) return false;
  const root = files[0].path.includes('/') ? files[0].path.split('/')[0] : undefined;
  const change = await libraryTask(t('state:library.checking'), () =>
    getEngine().loadModelFiles(files.map((f) => ({ name: f.file.name, path: f.path, blob: f.file })), root),
  );
  if (!change) return false;
  applyModelChange(change);
  const w = change.origin.warnings;
  actions.notify({
    kind: 'info',
    title: t('state:library.loadedTitle', { name: change.origin.metadata.name }),
    detail: w.length ? w.join(' ') : t('state:library.loadedDetail', { count: change.model.labels.length, shape: change.model.inputShape.slice(1).join('×') }),
    action: change.origin.metadata.needsReview ? t('state:library.reviewAction') : t('state:library.useAction'),
  });
  return true;
}

/** Applies corrections to the active model's metadata; explanations are recomputed unless only the name changed. */
export async function updateCurrentModel(patch: MetadataPatch): Promise<boolean> {
  const r = await libraryTask(t('state:library.applying'), () => getEngine().updateModel(patch));
  if (!r) return false;
  if (r.entries) useStudio.setState({ savedModels: r.entries });
  const onlyName = Object.keys(patch).every((k) => k === 'name');
  applyModelChange(r.change, { explanationsStillValid: onlyName });
  return true;
}

/** Back to the built-in demo model (a model swap: refused while training). */
export async function loadDemoModel(): Promise<void> {
  if (refuseModelChange()) return;
  const change = await libraryTask(t('state:library.loading'), () => getEngine().loadDemoModel());
  if (change) applyModelChange(change);
}
