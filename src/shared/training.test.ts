import { describe, expect, it } from 'vitest';
import { checkTrainingSettings, type TrainingSettings } from './training';

const OK: TrainingSettings = {
  inputSize: 64, grayscale: false, resize: 'stretch', width: 8, depth: 3, epochs: 12, batchSize: 16, learningRate: 0.003,
  validationFraction: 0.2, seed: 1, flip: true, rotateShift: true, brightnessContrast: true, earlyStopping: true, patience: 4,
};

describe('training settings check', () => {
  // (That the panel's real defaults pass is tested where they are made, in worker/training.test.ts.)
  it('accepts settings inside every range', () => {
    expect(checkTrainingSettings(OK)).toBeNull();
  });

  it('names the setting that is out of range, whole numbers included', () => {
    expect(checkTrainingSettings({ ...OK, epochs: 0 })?.title).toBe('Epochs must be a whole number between 1 and 200');
    expect(checkTrainingSettings({ ...OK, batchSize: 16.5 })?.title).toMatch(/^Batch size must be a whole number/);
    expect(checkTrainingSettings({ ...OK, learningRate: 2 })?.title).toBe('Learning rate must be between 0.00001 and 1');
    expect(checkTrainingSettings({ ...OK, validationFraction: NaN })?.detail).toBe('It is NaN.');
  });

  it('refuses an input too small for the number of conv blocks', () => {
    const e = checkTrainingSettings({ ...OK, inputSize: 16, depth: 5 });
    expect(e?.title).toBe('Input size 16 is too small for 5 conv blocks');
    expect(e?.action).toMatch(/at least 32/);
  });
});
