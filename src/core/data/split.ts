// Seeded, stratified train/validation split: every class keeps (about) the same share in both parts,
// so a class with few images is not left out of validation by bad luck.

import { hashSeed, mulberry32, permutation } from './rng';

export interface Split {
  /** Indices into the dataset, ascending. */
  train: number[];
  validation: number[];
}

/**
 * Puts round(n_c * fraction) images of each class c into validation, chosen by a seeded shuffle of
 * that class alone (so adding images of one class does not reshuffle the others). A class with at
 * least two images gets at least one validation image and keeps at least one for training; a class
 * with a single image trains with it.
 */
export function stratifiedSplit(labels: ArrayLike<number>, fraction: number, seed: number): Split {
  if (!(fraction >= 0 && fraction < 1)) throw new Error(`validation fraction must be in [0, 1), got ${fraction}`);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    let list = byClass.get(c);
    if (!list) byClass.set(c, (list = []));
    list.push(i);
  }
  const train: number[] = [];
  const validation: number[] = [];
  for (const [c, idx] of byClass) {
    let k = Math.round(idx.length * fraction);
    if (fraction > 0 && idx.length >= 2) k = Math.min(Math.max(k, 1), idx.length - 1);
    if (idx.length < 2) k = 0;
    const order = permutation(idx.length, mulberry32(hashSeed(seed, 0x5bd1, c)));
    order.forEach((j, r) => (r < k ? validation : train).push(idx[j]));
  }
  train.sort((a, b) => a - b);
  validation.sort((a, b) => a - b);
  return { train, validation };
}
