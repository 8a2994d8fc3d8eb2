// Interpretable baselines (issue 17 "Models that explain themselves"): the run asks for them
// (trainingController's train request), and here the Train view asks the engine to explain one image with
// each baseline, and for the CNN's Grad-CAM of the same image through the ordinary explain call (its own
// slot, so it never supersedes the Explain view's map). Plain requests: the panel keeps what it shows.

import { getEngine } from './controller';
import type { BaselineExplanation } from '../shared/baselines';
import type { Attribution } from '../shared/types';
import { useStudio } from './store';
import { t } from '../shared/i18n';

/**
 * The explain method the baselines are compared with: the model's first class-activation-map method (the
 * registry lists Grad-CAM first), chosen from the descriptors, never by a written id. Null when the model
 * has none (no convolution).
 */
export function compareMethodId(): string | null {
  const cams = useStudio.getState().methods.filter((m) => m.kind === 'cam' && m.compatible);
  return cams[0]?.id ?? null;
}

/** A stored image explained by each baseline of the last run, for class `target`. */
export function fetchBaselineExplanation(imageId: string, target: number): Promise<BaselineExplanation> {
  return getEngine().explainBaselines(imageId, target);
}

/** The active model's Grad-CAM of a stored image for class `target` (slot 'baselines'; a newer request there supersedes it). */
export function fetchGradCam(imageId: string, target: number): Promise<Attribution> {
  const methodId = compareMethodId();
  if (!methodId) return Promise.reject(new Error(t('baselines:errors.noCam')));
  return getEngine().explain({ imageId, methodId, target, slot: 'baselines', score: 'logit' });
}
