// Help on every training setting and the glossary's terms: which catalogue keys (namespace "teach") hold
// them, and which glossary terms each help text links to. Plain data, so a test can check the coverage.
import type { TrainingSettings } from '../../shared/training';

export const GLOSSARY_TERMS = [
  'overfitting',
  'underfitting',
  'validation',
  'augmentation',
  'saliencyMap',
  'superpixel',
  'shapley',
  'baseline',
  'logit',
  'attribution',
  'gradCam',
  'deletion',
  'shortcut',
] as const;
export type GlossaryTerm = (typeof GLOSSARY_TERMS)[number];

/**
 * Every training setting and the glossary terms its help links to. Typed by TrainingSettings' keys, so a
 * setting added there without help here does not compile.
 */
export const SETTING_HELP: Record<keyof TrainingSettings, readonly GlossaryTerm[]> = {
  inputSize: [],
  grayscale: ['augmentation'],
  resize: [],
  width: ['underfitting', 'overfitting'],
  depth: ['underfitting', 'overfitting'],
  epochs: ['underfitting', 'overfitting'],
  batchSize: [],
  learningRate: [],
  validationFraction: ['validation', 'overfitting'],
  seed: [],
  flip: ['augmentation'],
  rotateShift: ['augmentation'],
  brightnessContrast: ['augmentation'],
  earlyStopping: ['overfitting', 'validation'],
  patience: ['overfitting'],
};

/** The id of a setting's help text, for aria-describedby. */
export function helpId(k: keyof TrainingSettings): string {
  return `train-help-${k}`;
}
