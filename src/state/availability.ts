// What cannot happen right now, and why. The UI disables the control and shows the reason as its title;
// the controllers refuse a request that arrives anyway (a drop, a late file pick) with the same words.
// The engine runs one job at a time (worker/jobs.ts), and a training run holds it until it ends.

import { t } from '../shared/i18n';
import type { UserErrorInfo } from '../shared/errors';
import type { StudioState } from './store';

type State = Pick<StudioState, 'trainStatus' | 'switchingBackend'>;

/** Why the compute backend cannot change now, or null when it can. */
export function backendChangeBlocked(s: State): UserErrorInfo | null {
  if (s.trainStatus !== 'idle') return { title: t('state:busy.trainingTitle'), detail: t('state:busy.backendTraining'), action: t('state:busy.backendTrainingAction') };
  if (s.switchingBackend) return { title: t('state:busy.switchingTitle'), detail: t('state:busy.switchingDetail'), action: t('state:busy.switchingAction') };
  return null;
}

/** Why the active model cannot be replaced now (loading files, a saved model or the demo), or null when it can. */
export function modelChangeBlocked(s: State): UserErrorInfo | null {
  if (s.trainStatus !== 'idle') return { title: t('state:busy.trainingTitle'), detail: t('state:busy.modelTraining'), action: t('state:busy.modelTrainingAction') };
  return null;
}

/** A blocked reason as one line for a title attribute (tooltip); undefined when nothing blocks. */
export function reasonText(b: UserErrorInfo | null): string | undefined {
  return b ? `${b.title}: ${b.detail} ${b.action}` : undefined;
}
