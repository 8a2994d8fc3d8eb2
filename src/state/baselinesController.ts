// Interpretable baselines (issue 17 "Models that explain themselves"): the run asks for them
// (trainingController's train request), and here the Train view asks the engine to explain one image with
// each baseline, and for the CNN's Grad-CAM of the same image through the ordinary explain call (its own
// slot, so it never supersedes the Explain view's map). Plain requests: the panel keeps what it shows.

import { getEngine } from './controller';
import type { BaselineExplanation } from '../shared/baselines';
import type { Attribution } from '../shared/types';

/** The explain method the baselines are compared with: Grad-CAM (core/explain/methods/gradCam.ts). */
export const COMPARE_METHOD = 'gradcam';

/** A stored image explained by each baseline of the last run, for class `target`. */
export function fetchBaselineExplanation(imageId: string, target: number): Promise<BaselineExplanation> {
  return getEngine().explainBaselines(imageId, target);
}

/** The active model's Grad-CAM of a stored image for class `target` (slot 'baselines'; a newer request there supersedes it). */
export function fetchGradCam(imageId: string, target: number): Promise<Attribution> {
  return getEngine().explain({ imageId, methodId: COMPARE_METHOD, target, slot: 'baselines', score: 'logit' });
}
