// The interpretable baselines through the Engine itself (issue 17): trained beside a CNN run on the
// built-in synthetic set, the table's figures, and each baseline explaining the run's validation images.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { Engine } from './engine';
import { demoEngine } from './testEngine';
import { defaultTrainingSettings } from './training';
import type { TrainingOutcome, TrainingProgress } from '../shared/training';
import { UserError } from '../shared/errors';

let engine: Engine;
const ids = ['c1', 'c2', 'c3'];
const classes = [{ id: 'c1', name: 'normal' }, { id: 'c2', name: 'lesion' }, { id: 'c3', name: 'cyst' }];
const settings = { ...defaultTrainingSettings(), inputSize: 32, epochs: 1, validationFraction: 0.25, seed: 4 };

beforeAll(async () => {
  engine = await demoEngine();
});

describe('baselines beside a CNN run, through the engine', () => {
  it('refuses to explain before any run trained baselines', async () => {
    const [img] = engine.demoImages(1);
    expect(() => engine.explainBaselines(img.id, 0)).toThrow(UserError);
  });

  let outcome: TrainingOutcome;
  it('trains them on the synthetic set with the CNN, leaving no tensor: four rows of figures in 0..1, on the CNN’s validation images', async () => {
    engine.addSyntheticTrainingSet(ids, 12, 32);
    // a run without baselines first: the tensors the active model of these settings holds
    await engine.train({ classes, settings, name: 'without' });
    const modelOnly = tf.memory().numTensors;
    outcome = await engine.train({ classes, settings, name: 'with baselines', baselines: true });
    expect(tf.memory().numTensors).toBe(modelOnly);
    const b = outcome.baselines!;
    expect(b).toBeTruthy();
    expect(b.scores.map((s) => s.id)).toEqual(['logistic', 'tree', 'mlp']);
    // the same split: as many validation images as the CNN's, 3 per class (round(12 * 0.25)), the rest trained on
    expect(b.validationCount).toBe(outcome.validation.length);
    expect(b.validationCount).toBe(9);
    expect(b.trainCount).toBe(outcome.trainCount);
    const table = [outcome.validationAccuracy, ...b.scores.map((s) => s.validationAccuracy)];
    for (const v of table) expect(v! >= 0 && v! <= 1).toBe(true);
    for (const s of b.scores) {
      expect(s.recall).toHaveLength(3);
      for (const r of s.recall) expect(r! >= 0 && r! <= 1).toBe(true);
      expect(s.trainMs).toBeGreaterThanOrEqual(0);
    }
    expect(b.weightMaps).toHaveLength(3);
    expect(b.weightMaps[0]).toHaveLength(16 * 16);
    expect(b.treeDepth).toBeLessThanOrEqual(4);
    expect(b.serial).toBe(outcome.change.origin.serial);
  });

  it('explains each validation image with each baseline; recall counted here from those answers equals the table’s', () => {
    const b = outcome.baselines!;
    const before = tf.memory().numTensors;
    const answers = outcome.validation.map((v) => ({ truth: v.trueLabel, e: engine.explainBaselines(v.image.id, v.trueLabel) }));
    expect(tf.memory().numTensors).toBe(before);
    for (const [k, id] of (['logistic', 'tree', 'mlp'] as const).entries()) {
      const right = [0, 0, 0];
      const support = [0, 0, 0];
      for (const a of answers) {
        support[a.truth]++;
        if (a.e[id].predicted === a.truth) right[a.truth]++;
      }
      expect(b.scores[k].recall).toEqual(support.map((n, c) => right[c] / n));
      expect(b.scores[k].validationAccuracy).toBeCloseTo((right[0] + right[1] + right[2]) / answers.length, 12);
    }
    const e = answers[0].e;
    expect(e.logistic.contributions).toHaveLength(256);
    expect(e.logistic.contributions.reduce((s, v) => s + v, 0) + e.logistic.bias).toBeCloseTo(e.logistic.logit, 3);
    expect(e.tree.words).toHaveLength(e.tree.steps.length);
    expect(e.tree.words.every((w) => / is (below|at least) /.test(w))).toBe(true);
    expect(e.mlp.probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
    expect(() => engine.explainBaselines(outcome.validation[0].image.id, 3)).toThrow(/no class 3/);
  });

  it('a run without them leaves none to explain with', async () => {
    const o = await engine.train({ classes, settings, name: 'without' });
    expect(o.baselines).toBeUndefined();
    expect(() => engine.explainBaselines(o.validation[0].image.id, 0)).toThrow(UserError);
  });

  it('Stop pressed during the wrap-up skips the baselines and keeps the run whole', async () => {
    const reports: TrainingProgress[] = [];
    const o = await engine.train({ classes, settings, name: 'stopped while the baselines fit', baselines: true }, (p) => {
      reports.push(p);
      if (p.phase === 'wrapup') engine.stopTraining();
    });
    // one wrap-up report, the last, repeating the report before it with no time left
    const wraps = reports.filter((p) => p.phase === 'wrapup');
    expect(wraps).toHaveLength(1);
    expect(reports.at(-1)).toBe(wraps[0]);
    const before = reports.at(-2)!;
    expect(before.phase).toBe('epoch');
    expect(wraps[0]).toEqual({ ...before, phase: 'wrapup', etaMs: 0 });
    // the baselines were skipped, and say why; the CNN's epochs and results are all there
    expect(o.baselines).toBeNull();
    expect(o.baselinesStopped).toBe(true);
    expect(o.stoppedBy).not.toBe('user');
    expect(o.epochsRun).toBe(settings.epochs);
    expect(o.validation).toHaveLength(9);
    expect(() => engine.explainBaselines(o.validation[0].image.id, 0)).toThrow(UserError);
    // the next run is not stopped by it, and fits them again
    const again = await engine.train({ classes, settings, name: 'again', baselines: true });
    expect(again.baselines).toBeTruthy();
    expect(again.baselinesStopped).toBeUndefined();
  });
});
