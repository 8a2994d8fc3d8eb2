// What cannot happen right now, and why. The UI disables the control and shows the reason as its title;
// the controllers refuse a request that arrives anyway (a drop, a late file pick) with the same words.
// The engine runs one job at a time (worker/jobs.ts), and a training run holds it until it ends.

import type { UserErrorInfo } from '../shared/errors';
import type { StudioState } from './store';

type State = Pick<StudioState, 'trainStatus' | 'switchingBackend'>;

/** Why the compute backend cannot change now, or null when it can. */
export function backendChangeBlocked(s: State): UserErrorInfo | null {
  if (s.trainStatus !== 'idle') return { title: 'Training is running', detail: 'The backend cannot change while a model trains on it.', action: 'Wait for training to finish, or stop it, then switch.' };
  if (s.switchingBackend) return { title: 'The backend is switching', detail: 'One switch runs at a time.', action: 'Wait a moment, then choose again.' };
  return null;
}

/** Why the active model cannot be replaced now (loading files, a saved model or the demo), or null when it can. */
export function modelChangeBlocked(s: State): UserErrorInfo | null {
  if (s.trainStatus !== 'idle') return { title: 'Training is running', detail: 'The active model cannot change while a model trains.', action: 'Wait for training to finish, or stop it, then load the model.' };
  return null;
}

/** A blocked reason as one line for a title attribute (tooltip); undefined when nothing blocks. */
export function reasonText(b: UserErrorInfo | null): string | undefined {
  return b ? `${b.title}: ${b.detail} ${b.action}` : undefined;
}
