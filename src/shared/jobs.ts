// How the engine's jobs end early, as both sides of the worker see it. Plain data and one error class:
// the engine (worker/jobs.ts) throws JobCancelled, the page (state/controller.ts) recognises it.

/**
 * Why a job ended early: 'stopped' by the person (Stop; what was computed so far is kept and shown as
 * partial), or 'superseded' by a newer request (another image, method, backend or model: nothing of it is
 * ever shown).
 */
export type CancelReason = 'stopped' | 'superseded';

/** The engine's answer for a job that was cancelled before it produced anything worth showing. */
export class JobCancelled extends Error {
  constructor(readonly reason: CancelReason) {
    super(`cancelled: ${reason}`);
    this.name = 'JobCancelled';
  }
}

/**
 * The reason of a JobCancelled, or null for any other error. Works on the page too, where comlink hands
 * over a plain Error that kept only the name and the message.
 */
export function cancelReasonOf(e: unknown): CancelReason | null {
  if (e instanceof JobCancelled) return e.reason;
  const o = e as { name?: unknown; message?: unknown } | null;
  if (!o || typeof o !== 'object' || o.name !== 'JobCancelled') return null;
  const m = /^cancelled: (stopped|superseded)$/.exec(String(o.message));
  return m ? (m[1] as CancelReason) : 'superseded';
}

/** The reason an AbortSignal carries (`controller.abort('superseded')`); anything else counts as the person's Stop. */
export function reasonOfSignal(signal: { reason?: unknown }): CancelReason {
  return signal.reason === 'superseded' ? 'superseded' : 'stopped';
}
