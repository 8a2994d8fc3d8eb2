import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_TRAIN_SETTINGS } from '../core/model/train';
import { useBackend } from '../core/testing/node';
import type { BackendReport } from '../shared/types';
import { checkTrainingSettings, type TrainingProgress, type TrainingSettings } from '../shared/training';
import { Trainer, defaultTrainingSettings, duplicateClassName, fitWithin, toCoreSettings, trainingBackendPlan, validationPredictions } from './training';
import { testHost, userErrorOf } from './testHost';

const FAST: TrainingSettings = { ...defaultTrainingSettings(), inputSize: 32, epochs: 2, seed: 3 };

describe('training settings', () => {
  it('offers defaults that pass the settings check and map to the core defaults and back', () => {
    const ui = defaultTrainingSettings();
    expect(checkTrainingSettings(ui)).toBeNull();
    expect(defaultTrainingSettings(DEFAULT_TRAIN_SETTINGS)).toEqual(ui);
    const core = toCoreSettings(ui);
    for (const k of ['inputSize', 'channels', 'resize', 'width', 'depth', 'epochs', 'batchSize', 'learningRate', 'validationFraction', 'seed', 'augmentation', 'earlyStopping'] as const) {
      expect(core[k], k).toEqual(DEFAULT_TRAIN_SETTINGS[k]);
    }
  });

  it('turns augmentation toggles into magnitudes, and all off into none', () => {
    const off = toCoreSettings({ ...FAST, flip: false, rotateShift: false, brightnessContrast: false, earlyStopping: false, grayscale: true });
    expect(off).toMatchObject({ augmentation: null, earlyStopping: null, channels: 1 });
    // each toggle switches its own magnitudes, at their default strength, and leaves the others at zero
    const full = DEFAULT_TRAIN_SETTINGS.augmentation!;
    expect(Math.min(full.rotateDeg, full.shift, full.brightness, full.contrast)).toBeGreaterThan(0);
    const some = toCoreSettings({ ...FAST, flip: false, rotateShift: false, brightnessContrast: true });
    expect(some.augmentation).toEqual({ flip: false, rotateDeg: 0, shift: 0, brightness: full.brightness, contrast: full.contrast });
    const geometric = toCoreSettings({ ...FAST, flip: true, rotateShift: true, brightnessContrast: false });
    expect(geometric.augmentation).toEqual({ flip: true, rotateDeg: full.rotateDeg, shift: full.shift, brightness: 0, contrast: 0 });
  });
});

describe('where to train', () => {
  const report = (active: BackendReport['active'], extra: Partial<Record<string, object>> = {}): BackendReport => ({
    active,
    chosenBy: 'user',
    probes: [
      { name: 'webgpu', available: true, software: true, ...extra.webgpu },
      { name: 'webgl', available: true, software: false, ...extra.webgl },
      { name: 'wasm', available: true, canTrain: true, ...extra.wasm },
      { name: 'cpu', available: true },
    ],
  });

  it('stays on WASM and on a hardware GPU', () => {
    expect(trainingBackendPlan(report('wasm'))).toEqual({ backend: 'wasm' });
    expect(trainingBackendPlan(report('webgl'))).toEqual({ backend: 'webgl' });
  });

  it('leaves a software GPU and the CPU backend for WASM, and says why', () => {
    const sw = trainingBackendPlan(report('webgpu'));
    expect(sw).toMatchObject({ backend: 'wasm', switchTo: 'wasm', switchedFrom: 'webgpu' });
    expect(sw.reason).toMatch(/software rasteriser/);
    expect(trainingBackendPlan(report('cpu')).reason).toMatch(/20x slower/);
  });

  it('stays put, with a warning, when WASM cannot train here', () => {
    const p = trainingBackendPlan(report('cpu', { wasm: { available: false, reason: 'no WebAssembly' } }));
    expect(p.switchTo).toBeUndefined();
    expect(p.reason).toMatch(/WASM is not available here \(no WebAssembly\)/);
  });
});

describe('small helpers', () => {
  it('shrinks images to fit, never enlarges them', () => {
    const img = { width: 400, height: 100, data: new Uint8ClampedArray(400 * 100 * 4) };
    expect(fitWithin(img, 200)).toMatchObject({ width: 200, height: 50 });
    expect(fitWithin(img, 800)).toBe(img);
  });

  it('lists every validation image with its prediction', () => {
    const r = { validationIndices: [1, 4, 6], misclassified: [{ index: 4, trueLabel: 1, predicted: 2, confidence: 0.7 }] };
    expect(validationPredictions(r, [0, 0, 1, 1, 1, 2, 2])).toEqual([
      { index: 1, trueLabel: 0, predicted: 0 },
      { index: 4, trueLabel: 1, predicted: 2 },
      { index: 6, trueLabel: 2, predicted: 2 },
    ]);
  });

  it('finds class names that differ only in case or spaces', () => {
    expect(duplicateClassName(['cat', 'dog'])).toBeNull();
    expect(duplicateClassName(['cat', ' Cat '])).toBe('Cat');
  });
});

describe('Trainer (wasm backend)', () => {
  const host = testHost();
  const trainer = new Trainer(host);
  const ids = ['c1', 'c2', 'c3'];
  const classes = [{ id: 'c1', name: 'normal' }, { id: 'c2', name: 'lesion' }, { id: 'c3', name: 'cyst' }];

  beforeAll(async () => {
    await useBackend('wasm');
    const imgs = trainer.addSynthetic(ids, 20, 32);
    expect(imgs).toHaveLength(60);
    expect(imgs.filter((i) => i.classId === 'c2').every((i) => i.name.startsWith('lesion'))).toBe(true);
  });

  afterAll(() => host.model?.dispose());

  it('refuses what cannot train, in words the person can act on', async () => {
    expect((await userErrorOf(trainer.train({ classes: classes.slice(0, 1), settings: FAST, name: 'x' }))).title).toBe('Add at least two classes');
    expect((await userErrorOf(trainer.train({ classes: [...classes, { id: 'c4', name: 'empty' }], settings: FAST, name: 'x' }))).title).toBe('Class "empty" has no images');
    expect((await userErrorOf(trainer.train({ classes: [classes[0], { ...classes[1], name: 'Normal' }], settings: FAST, name: 'x' }))).title).toBe('Two classes are called "Normal"');
    expect((await userErrorOf(trainer.train({ classes, settings: { ...FAST, epochs: 0 }, name: 'x' }))).title).toMatch(/^Epochs must be/);
    expect(host.adopted).toBe(0);
  });

  it('trains, hands every validation image to the image store, makes the model active, and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const progress: TrainingProgress[] = [];
    const o = await trainer.train({ classes, settings: FAST, name: 'tissue' }, (p) => void progress.push(p));
    expect(progress.filter((p) => p.phase === 'epoch')).toHaveLength(2);
    expect(o.labels).toEqual(['normal', 'lesion', 'cyst']);
    expect(o.trainCount + o.validation.length).toBe(60);
    expect(o.validation).toHaveLength(12);
    expect(host.stored.map((s) => s.id)).toEqual(o.validation.map((v) => v.image.id));
    expect(o.validation.every((v) => v.image.trueLabel === o.labels[v.trueLabel])).toBe(true);
    expect(o.confusion.flat().reduce((a, b) => a + b, 0)).toBe(12);
    expect(o.validation.filter((v) => v.trueLabel === v.predicted).length / 12).toBeCloseTo(o.validationAccuracy!, 10);
    expect(o.backendChoice).toEqual({ backend: 'wasm' });
    expect(host.adopted).toBe(1);
    expect(o.change.model.name).toBe('tissue');
    expect(o.change.model.labels).toEqual(['normal', 'lesion', 'cyst']);
    expect(o.change.model.defaultCamLayer).toBe('conv3');
    expect(trainer.running).toBe(false);
    // (honest) The model keeps its training images' feature statistics for the out-of-distribution verdict:
    // fitted on the training split, the threshold set on the 12 validation images.
    const ood = host.model!.meta.ood!;
    expect(ood).toBeDefined();
    expect(ood.trainImages).toBe(o.trainCount);
    expect(ood.validationImages).toBe(12);
    expect(ood.classes).toBe(3);
    expect(ood.means).toHaveLength(3 * ood.d);
    expect(ood.threshold).toBeGreaterThan(0);
    expect(o.change.origin.metadata.ood).toEqual(ood);
    // The new model's weights are all the tensors training added.
    const weights = host.model!.model.weights.length;
    expect(tf.memory().numTensors - before).toBe(weights);
  });

  it('stops when asked and keeps a usable model', async () => {
    const o = await trainer.train({ classes, settings: { ...FAST, epochs: 5 }, name: 'stopped' }, (p) => {
      if (p.phase === 'batch' && p.batch === 2) trainer.stop();
    });
    expect(o.stoppedBy).toBe('cancelled');
    expect(o.epochsRun).toBeLessThan(1);
    expect(host.model?.meta.name).toBe('stopped');
  });

  it('moves to WASM to train when the studio sits on the CPU backend', async () => {
    const h = testHost(null, { active: 'cpu', chosenBy: 'user', probes: [{ name: 'wasm', available: true, canTrain: true }, { name: 'cpu', available: true }] });
    const t = new Trainer(h);
    t.addSynthetic(ids, 4, 32);
    const o = await t.train({ classes, settings: { ...FAST, epochs: 1, validationFraction: 0.25 }, name: 'x' });
    expect(h.switchedTo).toEqual(['wasm']);
    expect(o.backendChoice).toMatchObject({ backend: 'wasm', switchedFrom: 'cpu' });
    h.model?.dispose();
  });
});
