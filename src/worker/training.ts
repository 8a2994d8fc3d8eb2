// Training in the worker: the person's class buckets (or the built-in synthetic set), the backend to
// train on, and the run itself (src/core/model/train.ts does the work). The Engine delegates here and
// lends a ModelHost, so the trained model becomes the active one through the same door as any other.
//
// Backend: with no GPU, the software GPU backends and the plain CPU backend are 7-20x slower to train
// than WASM with Glassbox's Conv2DBackpropFilter kernel (see DESIGN.md), so training moves to WASM when
// the studio sits on one of them, and says so.

import type { BackendName, BackendReport, ImageInfo, RgbaImage } from '../shared/types';
import { t } from '../shared/i18n';
import {
  checkTrainingSettings,
  type ModelChange,
  type ModelOrigin,
  type TrainingBackendChoice,
  type TrainingImageInfo,
  type TrainingOutcome,
  type TrainingProgress,
  type TrainingRequest,
  type TrainingSettings,
  type ValidationItem,
} from '../shared/training';
import { DEFAULT_TRAIN_SETTINGS, checkTrainingData, trainClassifier, type TrainProgress, type TrainReport, type TrainSample, type TrainSettings } from '../core/model/train';
import { PLAIN_VARIANT, SPLIT_SEEDS, SYNTHETIC_LABELS, syntheticSample, syntheticVariantSample, type SyntheticVariant } from '../core/data/synthetic';
import { partsOf } from '../core/data/teachingSet';
import { groundTruthRegion } from '../shared/region';
import { resizeRgba } from '../core/image/preprocess';
import { LoadedModel } from '../core/model/loaded';
import { fitOodStatistics } from '../core/metrics/oodStats';
import type { OodStatistics } from '../shared/ood';
import { UserError } from '../shared/errors';
import { BaselineShelf } from './baselines';

/** What training and the model library may ask of the engine (it owns the active model). */
export interface ModelHost {
  report(): BackendReport;
  /** The active model and where it came from. */
  current(): { model: LoadedModel; origin: Pick<ModelOrigin, 'libraryId' | 'warnings'> };
  /** The active model as the UI sees it. */
  describe(): ModelChange;
  /** URL of a demo model file by name, or null before the engine started. */
  demoUrl(name: string): string | null;
  /** Switches backend, rebuilding the active model there. */
  setBackend(name: BackendName): Promise<unknown>;
  /** Puts an image into the engine's image store (so the gallery can show and explain it). */
  store(pixels: RgbaImage, name: string, trueLabel?: string): ImageInfo;
  /** Makes `model` the active model; frees the previous one. */
  adopt(model: LoadedModel, origin: Pick<ModelOrigin, 'libraryId' | 'warnings'>): ModelChange;
}

/** Images kept for training are at most this many pixels on their longest side (inputs go up to 224). */
export const KEEP_SIDE = 256;
const THUMB_SIDE = 64;

// The panel's toggles switch these magnitudes on and off.
const AUG = DEFAULT_TRAIN_SETTINGS.augmentation ?? { flip: true, rotateDeg: 10, shift: 0.06, brightness: 0.08, contrast: 0.12 };

/** The panel's defaults: DEFAULT_TRAIN_SETTINGS, as toggles. */
export function defaultTrainingSettings(d: TrainSettings = DEFAULT_TRAIN_SETTINGS): TrainingSettings {
  const a = d.augmentation;
  return {
    inputSize: d.inputSize,
    grayscale: d.channels === 1,
    resize: d.resize,
    width: d.width,
    depth: d.depth,
    epochs: d.epochs,
    batchSize: d.batchSize,
    learningRate: d.learningRate,
    validationFraction: d.validationFraction,
    seed: d.seed,
    flip: Boolean(a?.flip),
    rotateShift: Boolean(a && (a.rotateDeg > 0 || a.shift > 0)),
    brightnessContrast: Boolean(a && (a.brightness > 0 || a.contrast > 0)),
    earlyStopping: d.earlyStopping !== null,
    patience: d.earlyStopping?.patience ?? 4,
  };
}

export function toCoreSettings(s: TrainingSettings): Partial<TrainSettings> {
  const any = s.flip || s.rotateShift || s.brightnessContrast;
  return {
    inputSize: s.inputSize,
    channels: s.grayscale ? 1 : 3,
    resize: s.resize,
    width: s.width,
    depth: s.depth,
    epochs: s.epochs,
    batchSize: s.batchSize,
    learningRate: s.learningRate,
    validationFraction: s.validationFraction,
    seed: s.seed,
    augmentation: any
      ? {
          flip: s.flip,
          rotateDeg: s.rotateShift ? AUG.rotateDeg : 0,
          shift: s.rotateShift ? AUG.shift : 0,
          brightness: s.brightnessContrast ? AUG.brightness : 0,
          contrast: s.brightnessContrast ? AUG.contrast : 0,
        }
      : null,
    earlyStopping: s.earlyStopping ? { patience: s.patience } : null,
  };
}

/** A backend's name in a sentence (the CPU backend is described, in the current language). */
const backendName = (b: BackendName): string => (b === 'cpu' ? t('engine:training.plan.cpu') : { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM' }[b]);

/**
 * Where to train: stay on WASM or a hardware GPU; leave the CPU backend or a software GPU (SwiftShader)
 * for WASM when WASM started here and has the training kernel.
 */
export function trainingBackendPlan(report: BackendReport): TrainingBackendChoice & { switchTo?: BackendName } {
  const active = report.active;
  const probe = report.probes.find((p) => p.name === active);
  const wasm = report.probes.find((p) => p.name === 'wasm');
  const slow = active === 'cpu' || ((active === 'webgl' || active === 'webgpu') && Boolean(probe?.software));
  if (!slow) return { backend: active };
  if (!wasm?.available || wasm.canTrain === false) {
    return { backend: active, reason: t('engine:training.plan.noWasm', { why: wasm?.reason ?? t('engine:training.plan.notStarted'), backend: backendName(active) }) };
  }
  const why = active === 'cpu' ? t('engine:training.plan.whyCpu') : t('engine:training.plan.whySoftware', { backend: backendName(active) });
  return { backend: 'wasm', switchTo: 'wasm', switchedFrom: active, reason: t('engine:training.plan.switched', { why }) };
}

/** Shrinks an image so its longest side is at most `side` (never enlarges). */
export function fitWithin(img: RgbaImage, side: number): RgbaImage {
  const s = Math.min(1, side / Math.max(img.width, img.height));
  if (s === 1) return img;
  return resizeRgba(img, Math.max(1, Math.round(img.width * s)), Math.max(1, Math.round(img.height * s)));
}

/** Every validation sample with what the model predicted (misclassified ones from the report, the rest right). */
export function validationPredictions(report: Pick<TrainReport, 'validationIndices' | 'misclassified'>, labels: ArrayLike<number>): { index: number; trueLabel: number; predicted: number }[] {
  const wrong = new Map(report.misclassified.map((m) => [m.index, m.predicted]));
  return report.validationIndices.map((index) => ({ index, trueLabel: labels[index], predicted: wrong.get(index) ?? labels[index] }));
}

/** Two classes with the same name cannot be told apart in the results or in a saved model. */
export function duplicateClassName(names: readonly string[]): string | null {
  const seen = new Set<string>();
  for (const n of names) {
    const k = n.trim().toLowerCase();
    if (seen.has(k)) return n.trim();
    seen.add(k);
  }
  return null;
}

interface HeldImage {
  id: string;
  classId: string;
  name: string;
  pixels: RgbaImage;
  /** A synthetic image: how to redraw it, its ground-truth mask (size x size) and whether it carries the shortcut marker. */
  synthetic?: { index: number; label: number; size: number; variant: SyntheticVariant; mask: Uint8Array; marker: boolean };
}

export class Trainer {
  private images = new Map<string, HeldImage>();
  private seq = 1;
  private signal: { aborted: boolean } | null = null;
  /** The model is being fitted (the backend must not change under it). */
  private fitting = false;

  /** baselines (issue 17): the interpretable baselines of the last run that asked for them. */
  readonly baselines = new BaselineShelf();

  constructor(private readonly host: ModelHost) {}

  /** A run is under way (switching backend, fitting, or wrapping up). */
  get running(): boolean {
    return this.signal !== null;
  }

  get training(): boolean {
    return this.fitting;
  }

  defaults(): TrainingSettings {
    return defaultTrainingSettings();
  }

  private hold(classId: string, pixels: RgbaImage, name: string, synthetic?: HeldImage['synthetic']): TrainingImageInfo {
    const id = `t${this.seq++}`;
    const kept = fitWithin(pixels, KEEP_SIDE);
    this.images.set(id, { id, classId, name, pixels: kept, ...(synthetic ? { synthetic } : {}) });
    return { id, classId, name, width: pixels.width, height: pixels.height, thumb: fitWithin(kept, THUMB_SIDE) };
  }

  /** An image the engine decoded, for the class `classId`. */
  add(classId: string, pixels: RgbaImage, name: string): TrainingImageInfo {
    return this.hold(classId, pixels, name);
  }

  /**
   * The built-in synthetic tissue set: `perClass` images of each of its classes, for `classIds` in label
   * order. `variant` (teaching levels, the shortcut marker; default the original set, drawn exactly as before)
   * draws each image as the training part has it; a shortcut image that the run's split puts in validation
   * is redrawn for validation when training starts (see train()).
   */
  addSynthetic(classIds: string[], perClass: number, size: number, variant: SyntheticVariant = PLAIN_VARIANT): TrainingImageInfo[] {
    if (classIds.length !== SYNTHETIC_LABELS.length) throw new Error(`the synthetic set has ${SYNTHETIC_LABELS.length} classes, got ${classIds.length} class ids`);
    const plain = variant.difficulty === 'easy' && !variant.shortcut;
    const out: TrainingImageInfo[] = [];
    for (let i = 0; i < perClass * SYNTHETIC_LABELS.length; i++) {
      const s = plain ? { ...syntheticSample(SPLIT_SEEDS.train, i, { size }), marker: false } : syntheticVariantSample(SPLIT_SEEDS.train, i, variant, { size, part: 'train' });
      out.push(this.hold(classIds[s.label], s.image, `${SYNTHETIC_LABELS[s.label]} ${Math.floor(i / SYNTHETIC_LABELS.length) + 1}`, { index: i, label: s.label, size, variant, mask: s.mask, marker: s.marker }));
    }
    return out;
  }

  /**
   * Shortcut images the run's split puts in validation, redrawn for validation (the marker no longer
   * follows the class there): the trainer's split is stratifiedSplit(labels, fraction, seed), which
   * partsOf computes the same way. Returns the pixels and marker to use per sample index.
   */
  private forValidation(labels: number[], held: HeldImage[], settings: TrainingSettings): Map<number, { pixels: RgbaImage; marker: boolean }> {
    const out = new Map<number, { pixels: RgbaImage; marker: boolean }>();
    if (!held.some((h) => h.synthetic?.variant.shortcut)) return out;
    const parts = partsOf(labels, settings.validationFraction, settings.seed);
    parts.forEach((part, i) => {
      const syn = held[i].synthetic;
      if (part !== 'validation' || !syn?.variant.shortcut) return;
      const s = syntheticVariantSample(SPLIT_SEEDS.train, syn.index, syn.variant, { size: syn.size, part: 'validation', label: syn.label });
      out.set(i, { pixels: fitWithin(s.image, KEEP_SIDE), marker: s.marker });
    });
    return out;
  }

  remove(ids: string[]): void {
    for (const id of ids) this.images.delete(id);
  }

  removeClass(classId: string): void {
    for (const [id, img] of this.images) if (img.classId === classId) this.images.delete(id);
  }

  stop(): void {
    if (this.signal) this.signal.aborted = true;
  }

  async train(req: TrainingRequest, onProgress?: (p: TrainingProgress) => void): Promise<TrainingOutcome> {
    if (this.signal) throw new UserError(t('engine:training.already.title'), t('engine:training.already.detail'), t('engine:training.already.action'));
    const bad = checkTrainingSettings(req.settings);
    if (bad) throw new UserError(bad.title, bad.detail, bad.action);
    const names = req.classes.map((c) => c.name.trim() || t('engine:training.unnamed'));
    const dup = duplicateClassName(names);
    if (dup) throw new UserError(t('engine:training.duplicate.title', { name: dup }), t('engine:training.duplicate.detail'), t('engine:training.duplicate.action'));
    const samples: TrainSample[] = [];
    const held: HeldImage[] = [];
    req.classes.forEach((c, label) => {
      for (const img of this.images.values()) {
        if (img.classId !== c.id) continue;
        samples.push({ image: img.pixels, label });
        held.push(img);
      }
    });
    const problem = checkTrainingData(samples.map((s) => s.label), names, req.settings.validationFraction);
    if (problem) throw new UserError(problem.title, problem.detail, problem.action);
    const redrawn = this.forValidation(samples.map((s) => s.label), held, req.settings);
    for (const [i, r] of redrawn) samples[i] = { ...samples[i], image: r.pixels };

    const signal = { aborted: false };
    this.signal = signal;
    try {
      const plan = trainingBackendPlan(this.host.report());
      if (plan.switchTo && plan.switchTo !== this.host.report().active) {
        await this.host.setBackend(plan.switchTo);
        if (this.host.report().active !== plan.switchTo) {
          plan.backend = this.host.report().active;
          plan.reason = t('engine:training.plan.switchFailed', { to: backendName(plan.switchTo), backend: backendName(plan.backend) });
          delete plan.switchedFrom;
        }
      }
      let msTo90: number | null = null;
      let last: TrainProgress | null = null;
      this.fitting = true;
      const result = await trainClassifier({
        labels: names,
        samples,
        settings: toCoreSettings(req.settings),
        signal,
        name: req.name.trim() || 'Trained model',
        onProgress: (p: TrainProgress) => {
          if (msTo90 === null && p.phase === 'epoch' && p.valAcc !== null && p.valAcc >= 0.9) msTo90 = p.elapsedMs;
          last = p;
          return onProgress?.(p);
        },
      });
      this.fitting = false;
      // The wrap-up has a signal of its own: a Stop pressed during the CNN's epochs ended those, and one pressed
      // from here on skips the baselines (checked between models) but never the run's results.
      const wrapup = { aborted: false };
      this.signal = wrapup;
      if (last) onProgress?.({ ...(last as TrainProgress), phase: 'wrapup', etaMs: 0 });
      const r = result.report;
      const validation: ValidationItem[] = validationPredictions(r, samples.map((s) => s.label)).map((v) => {
        const h = held[v.index];
        const image = this.host.store(samples[v.index].image, h.name, names[v.trueLabel]);
        // A synthetic image's ground truth: where the generator drew the lesion or cyst (the reference region).
        if (h.synthetic) image.groundTruth = groundTruthRegion(h.synthetic.mask, h.synthetic.size, h.synthetic.size, image.width, image.height) ?? undefined;
        const marker = redrawn.get(v.index)?.marker ?? h.synthetic?.marker;
        return { image, trueLabel: v.trueLabel, predicted: v.predicted, ...(marker !== undefined ? { marker } : {}) };
      });
      // (honest) Keep the training images' feature statistics with the model, for the out-of-distribution verdict.
      const trained = new LoadedModel(result.model, result.metadata);
      const ood = await trainingSetStatistics(trained, samples, r.trainIndices, r.validationIndices);
      const change = this.host.adopt(ood ? new LoadedModel(result.model, { ...result.metadata, ood }) : trained, { libraryId: null, warnings: [] });
      const { switchTo: _, ...backendChoice } = plan;
      // baselines (issue 17): on the same images and the CNN's own split; their failure never loses the run.
      const baselines = req.baselines
        ? await this.baselines
            .train(samples.map((s) => s.image), samples.map((s) => s.label), names, { train: r.trainIndices, validation: r.validationIndices }, { seed: req.settings.seed, colour: !req.settings.grayscale, serial: change.origin.serial, signal: wrapup })
            .catch((e: unknown) => {
              if (!wrapup.aborted) console.warn('[glassbox] the baselines could not be trained:', e);
              return null;
            })
        : (this.baselines.clear(), undefined);
      return {
        labels: r.labels,
        validationAccuracy: r.validationAccuracy,
        validationLoss: r.validationLoss,
        bestEpoch: r.bestEpoch,
        epochsRun: r.epochsRun,
        stoppedBy: r.stoppedBy,
        confusion: r.confusion,
        perClass: r.perClass,
        validation,
        history: r.history,
        trainCount: r.trainIndices.length,
        imagesPerSec: r.imagesPerSec,
        trainMs: r.trainMs,
        totalMs: r.totalMs,
        msTo90,
        backendChoice,
        change,
        ...(baselines !== undefined ? { baselines } : {}),
        ...(baselines === null && wrapup.aborted ? { baselinesStopped: true } : {}),
      };
    } finally {
      this.fitting = false;
      this.signal = null;
    }
  }
}

/**
 * (honest) Out-of-distribution statistics of a freshly trained model: its training images' penultimate
 * features (class means, tied covariance) and the 99th percentile of its validation images' distances.
 * Null (the verdict is then 'unknown') when they cannot be fitted, e.g. a covariance that cannot be factored.
 */
async function trainingSetStatistics(lm: LoadedModel, samples: readonly TrainSample[], trainIdx: readonly number[], valIdx: readonly number[]): Promise<OodStatistics | null> {
  try {
    return await fitOodStatistics(lm, trainIdx.map((i) => ({ image: samples[i].image, label: samples[i].label })), valIdx.map((i) => samples[i].image));
  } catch (e) {
    console.warn('[glassbox] no out-of-distribution statistics for the trained model:', e);
    return null;
  }
}
