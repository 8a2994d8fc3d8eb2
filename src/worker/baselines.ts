// The interpretable baselines of the current training session (issue 17 "Models that explain themselves"):
// trained right after a CNN run on the same images and the CNN's own split (its train and validation
// indices), held here until the next run, and asked to explain any stored image. The models are plain
// arrays once trained (core/baselines/trainBaselines.ts), so explaining needs no tensor.

import * as Comlink from 'comlink';
import type { RgbaImage } from '../shared/types';
import { stepInWords, type BaselineExplanation, type BaselineReport } from '../shared/baselines';
import { UserError } from '../shared/errors';
import { t } from '../shared/i18n';
import { BASELINE_INPUT, explainWithBaselines, trainBaselines, treeAsData, weightMap, type TrainedBaselines } from '../core/baselines/trainBaselines';

export class BaselineShelf {
  private held: { trained: TrainedBaselines; labels: string[]; serial: number } | null = null;

  /** The baselines of the last run (null before one, or when it trained none). */
  get current(): { labels: string[]; serial: number } | null {
    return this.held && { labels: this.held.labels, serial: this.held.serial };
  }

  /** Forgets the baselines (a run without them, or one that failed to make them). */
  clear(): void {
    this.held = null;
  }

  /**
   * Trains the three baselines on `images` with class indices `labels`, split as the CNN was
   * (`split`: its trainIndices and validationIndices), the MLP seeded with the run's `seed`, the pixel models
   * on RGB when `colour` (a colour CNN); keeps them, and returns the table's figures, the weight maps and the
   * tree. `serial`: the CNN's ModelOrigin.serial. `signal`: set, it ends the fitting between models with
   * Error('cancelled') (nothing is kept then).
   */
  async train(images: readonly RgbaImage[], labels: readonly number[], names: readonly string[], split: { train: number[]; validation: number[] }, o: { seed: number; colour: boolean; serial: number; signal?: { aborted: boolean } }): Promise<BaselineReport> {
    this.held = null;
    const { seed, colour, serial, signal } = o;
    const trained = await trainBaselines(images, labels, { classes: names.length, split, seed, colour, ...(signal ? { signal } : {}) });
    this.held = { trained, labels: [...names], serial };
    return {
      labels: [...names],
      trainCount: split.train.length,
      validationCount: split.validation.length,
      scores: trained.scores,
      prepareMs: trained.prepareMs,
      inputSize: BASELINE_INPUT,
      colour,
      weightMaps: names.map((_, c) => weightMap(trained.logistic, c, colour ? 3 : 1)),
      tree: treeAsData(trained.tree.root),
      treeDepth: trained.tree.depth,
      serial,
    };
  }

  /**
   * `pixels` (a stored image) explained by each baseline for class `target`, with the tree's path in words
   * (the engine's language). Throws a UserError before any baselines were trained, or for a class they do not know.
   */
  explain(imageId: string, pixels: RgbaImage, target: number): BaselineExplanation {
    if (!this.held) throw new UserError(t('baselines:errors.none.title'), t('baselines:errors.none.detail'), t('baselines:errors.none.action'));
    const { trained, labels } = this.held;
    if (!Number.isInteger(target) || target < 0 || target >= labels.length) {
      throw new UserError(t('baselines:errors.target.title', { target: String(target) }), t('baselines:errors.target.detail', { count: labels.length }), t('baselines:errors.target.action'));
    }
    const e = explainWithBaselines(trained, pixels, target, imageId);
    e.tree.words = e.tree.steps.map((s) => stepInWords(s));
    return Comlink.transfer(e, [e.logistic.contributions.buffer, e.logistic.weights.buffer, e.mlp.gradientInput.buffer]);
  }
}
