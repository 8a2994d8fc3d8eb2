// A teaching variant of the synthetic set drawn for training: which images end up in validation is
// decided by the same seeded stratified split the trainer uses (split.ts), and each image is drawn for
// its part, so the shortcut marker follows the lesion class in the training part and not in validation.

import { stratifiedSplit } from './split';
import { syntheticVariantSample, type SyntheticPart, type SyntheticVariant, type SyntheticVariantSample } from './synthetic';

/**
 * The part (train or validation) of each of `labels.length` images, exactly as
 * stratifiedSplit(labels, validationFraction, splitSeed) puts them (trainClassifier calls the same).
 */
export function partsOf(labels: ArrayLike<number>, validationFraction: number, splitSeed: number): SyntheticPart[] {
  const parts: SyntheticPart[] = Array.from({ length: labels.length }, () => 'train');
  for (const i of stratifiedSplit(labels, validationFraction, splitSeed).validation) parts[i] = 'validation';
  return parts;
}

/**
 * `count` samples of a teaching variant (labels index mod 3), each drawn for the part the trainer's split
 * with (validationFraction, splitSeed) will give it. Pure. Throws as stratifiedSplit does on a bad fraction.
 */
export function teachingDataset(seed: number, count: number, variant: SyntheticVariant, o: { size: number; validationFraction: number; splitSeed: number }): (SyntheticVariantSample & { part: SyntheticPart })[] {
  const labels = Array.from({ length: count }, (_, i) => i % 3);
  const parts = partsOf(labels, o.validationFraction, o.splitSeed);
  return parts.map((part, i) => ({ ...syntheticVariantSample(seed, i, variant, { size: o.size, part }), part }));
}
