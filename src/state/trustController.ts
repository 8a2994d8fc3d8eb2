// The trust figures of the explanation on screen (issue 13, "Measures of the explanation"). Once a map is
// shown and nothing else is being computed, the cheap figures (deletion and insertion curves, and seed
// stability for sampled methods) are asked of the engine, which measures the map it kept; the sanity check
// (cascading randomisation) runs only when the person asks, since it reruns the method once per layer.
// The figures never hold up a map: a new explanation supersedes them at once (the engine ends them within a
// batch), and figures that arrive for another image, method, class or options are dropped, as controller.ts
// drops stale explanations.

import { effectiveScore } from './scoreChoice';
import { toUserError } from '../shared/errors';
import { cancelReasonOf } from '../shared/jobs';
import type { ResultCheck } from '../shared/attribution';
import type { TrustFigures, TrustRequest } from '../shared/trust';
import { getEngine } from './controller';
import { actions, useStudio, type StudioState } from './store';

interface Running {
  key: string;
  part: 'measures' | 'sanity';
  abort: AbortController;
}

let running: Running | null = null;
/** The key whose cheap figures were last asked for: asked once per explanation, never in a loop. */
let measured: string | null = null;
let watchers = 0;
let unsubscribe: (() => void) | null = null;

/** The key of the finished explanation on screen, when the figures may run now; else null. */
export function trustableKey(s: StudioState): string | null {
  const a = s.attribution;
  const key = s.attributionKey;
  if (s.status !== 'ready' || s.mode !== 'single' || s.busy || !a || !key || !s.selectedId) return null;
  if (a.run.cancelled) return null;
  // 'auto' explains the logit of a saturated class: the curves wait for the image's prediction to know which.
  if (s.scoreChoice === 'auto' && !(s.prediction && s.predictionFor?.startsWith(`${s.selectedId}@`))) return null;
  // The same test the Viewer uses to show a map: this image, this method.
  if (!key.startsWith(`${s.selectedId}@`) || key.split('/')[1] !== s.methodId) return null;
  return key;
}

/** What the engine needs to find the explanation `key` names: its image and the run record's method, class, options. */
function requestFor(s: StudioState, key: string): TrustRequest | null {
  const a = s.attribution;
  if (!a || s.attributionKey !== key) return null;
  const imageId = key.slice(0, key.indexOf('@'));
  // The curves follow what the person chose to explain (Explain: probability / logit; 'auto' = the logit when
  // the class's probability is saturated), whatever score the method itself reads.
  const p = s.prediction && s.predictionFor?.startsWith(`${imageId}@`) ? s.prediction.probabilities[a.run.target] : undefined;
  return { imageId, methodId: a.run.method, target: a.run.target, options: a.run.options, key, score: effectiveScore(s.scoreChoice, p) };
}

/** Badges in a steady order: deletion, insertion, stability, randomisation, then any other. */
const ORDER = ['deletion-auc', 'insertion-auc', 'stability', 'randomisation'];
function withChecks(base: readonly ResultCheck[], add: readonly ResultCheck[]): ResultCheck[] {
  const ids = new Set(add.map((c) => c.id));
  const all = [...base.filter((c) => !ids.has(c.id)), ...add];
  const rank = (c: ResultCheck) => (ORDER.includes(c.id) ? ORDER.indexOf(c.id) : ORDER.length);
  return all.sort((a, b) => rank(a) - rank(b));
}

/** The figures kept for `key` (an empty set when those in the store belong to another explanation). */
function current(key: string): TrustFigures {
  const t = useStudio.getState().trust;
  return t && t.key === key ? t : { key, checks: [] };
}

function sync(s: StudioState): void {
  const key = trustableKey(s);
  if (running && running.key !== key) {
    running.abort.abort('superseded');
    // Dropped for a new request: measured again if the same explanation comes back (the same key).
    if (running.part === 'measures') measured = null;
    running = null;
    useStudio.setState({ trustRun: null });
  }
  if (s.trust && s.attributionKey !== s.trust.key && !s.busy) useStudio.setState({ trust: null });
  if (!key || running || measured === key) return;
  const t = useStudio.getState().trust;
  if (t && t.key === key && (t.deletion || t.error)) return;
  measured = key;
  void run('measures', key);
}

async function run(part: Running['part'], key: string): Promise<void> {
  const req = requestFor(useStudio.getState(), key);
  if (!req) return;
  const abort = new AbortController();
  const me: Running = { key, part, abort };
  running = me;
  const mine = () => running === me;
  useStudio.setState({ trustRun: { part, key, progress: null } });
  const onProgress = (p: import('../shared/types').Progress) => {
    if (mine()) useStudio.setState({ trustRun: { part, key, progress: p } });
  };
  try {
    if (part === 'measures') {
      const f = await getEngine().trust(req, { signal: abort.signal, onProgress });
      if (!mine()) return;
      const kept = current(key);
      useStudio.setState({ trust: { ...kept, ...f, checks: withChecks(kept.checks, f.checks), rules: { ...kept.rules, ...f.rules }, ...(kept.randomisation ? { randomisation: kept.randomisation } : {}) } });
    } else {
      const r = await getEngine().sanityCheck(req, { signal: abort.signal, onProgress });
      if (!mine()) return;
      const kept = current(key);
      useStudio.setState({ trust: { ...kept, randomisation: r.randomisation, checks: withChecks(kept.checks, [r.check]), rules: { ...kept.rules, [r.check.id]: r.rule }, sanityPartial: r.partial } });
      // (sanityPartial is set either way: a full run after a stopped one is no longer 'stopped early')
    }
  } catch (err) {
    if (!mine()) return;
    const reason = cancelReasonOf(err);
    if (reason !== null) return; // superseded (a model swap): the next explanation brings its own figures
    const info = toUserError(err);
    if (part === 'sanity') actions.notify({ kind: 'error', ...info });
    else useStudio.setState({ trust: { ...current(key), error: info } });
  } finally {
    if (mine()) {
      running = null;
      useStudio.setState({ trustRun: null });
      sync(useStudio.getState());
    }
  }
}

/**
 * Runs the cascading randomisation sanity check of the explanation on screen (the person's button).
 * Does nothing when no finished explanation is shown or figures are being computed.
 */
export function runSanityCheck(): void {
  const key = trustableKey(useStudio.getState());
  if (!key || running) return;
  void run('sanity', key);
}

/** The person's Stop: the engine hands back what it measured so far (marked partial). */
export function stopTrust(): void {
  running?.abort.abort();
}

/**
 * Starts following the store (the trust panel calls it while mounted; calls nest). Returns the function
 * that stops following; the last one also drops the figures in flight.
 */
export function watchTrust(): () => void {
  watchers++;
  if (!unsubscribe) {
    unsubscribe = useStudio.subscribe(sync);
    sync(useStudio.getState());
  }
  return () => {
    if (--watchers > 0 || !unsubscribe) return;
    unsubscribe();
    unsubscribe = null;
    running?.abort.abort('superseded');
    running = null;
    measured = null;
    useStudio.setState({ trustRun: null });
  };
}
