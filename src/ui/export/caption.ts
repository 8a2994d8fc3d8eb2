// The words that travel with an exported result: the caption under a PNG, the parameter list of the
// report, file names, and the image name as it may leave the machine (de-identified). Pure functions.

import type { Attribution, RunRecord } from '../../shared/attribution';
import { t } from '../../shared/i18n';
import type { DisplaySettings } from '../../shared/clinical';
import type { OodVerdict } from '../../shared/trust';
import type { ImageInfo, ModelSummary, OptionValues, Preprocessing } from '../../shared/types';

/** What the words of a clinical image's display need from ImageInfo.clinical: value units ('HU', '') and frame count. */
export interface ClinicalContext {
  units: string;
  frameCount: number;
}

/**
 * A number for people: no scientific notation; up to `digits` significant digits, trailing zeros dropped
 * (0.000123 -> "0.000123", 72.654 -> "72.7", 1234567 -> "1234567").
 */
export function plainNumber(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 10 ** digits) return Math.round(v).toString();
  const decimals = Math.min(20, Math.max(0, digits - 1 - Math.floor(Math.log10(a))));
  return Number(v.toFixed(decimals)).toFixed(decimals).replace(/\.?0+$/, '');
}

/**
 * A probability as a percentage that never claims certainty: 0.9996 -> "> 99.9%", 0.0004 -> "< 0.1%",
 * else one decimal ("42.3%").
 */
export function percent(p: number): string {
  if (p > 0.999) return '> 99.9%';
  if (p < 0.001) return '< 0.1%';
  return `${(p * 100).toFixed(1)}%`;
}

/**
 * The options of a run as "key = value" pairs, in the order given, null options left out, and options that
 * do not apply left out: `baselineColor` is only used when the `baseline` option is 'color'.
 */
export function optionPairs(options: OptionValues): [string, string][] {
  return Object.entries(options)
    .filter(([, v]) => v !== null && v !== undefined)
    .filter(([k]) => k !== 'baselineColor' || options.baseline === 'color')
    .map(([k, v]) => [k, typeof v === 'number' ? plainNumber(v, 6) : String(v)]);
}

/**
 * A clinical image's display as people read it: "136 / 2064 HU, not inverted, frame 1 of 10" (window centre /
 * width in the image's value units, DICOM PS3.3 C.11.2.1.2; the frame 1-based). The frame is left out for a
 * single-frame image; without `clinical` the units and the frame count are left out.
 */
export function displayText(d: DisplaySettings, clinical?: ClinicalContext): string {
  const units = clinical?.units ? ` ${clinical.units}` : '';
  const parts = [t('export:caption.window', { center: plainNumber(d.window.center, 6), width: plainNumber(d.window.width, 6), units }), d.invert ? t('export:caption.inverted') : t('export:caption.notInverted')];
  if (!clinical) parts.push(t('export:caption.frame', { frame: d.frame + 1 }));
  else if (clinical.frameCount > 1) parts.push(t('export:caption.frameOf', { frame: d.frame + 1, count: clinical.frameCount }));
  return parts.join(t('export:caption.listSep'));
}

const SCORE_WORDS: Record<NonNullable<RunRecord['score']>, () => string> = {
  probability: () => t('export:caption.scoreProbability'),
  logit: () => t('export:caption.scoreLogit'),
};

/**
 * Every parameter of a run as label/value pairs: the score explained, options, seed, layer, a clinical
 * image's window/level (`clinical` gives its units and frame count), a transparent image's background,
 * evaluations, batch, backend, time, stopped.
 */
export function runPairs(run: RunRecord, clinical?: ClinicalContext): [string, string][] {
  const out: [string, string][] = [];
  const key = (k: string) => t(`export:caption.key.${k}`);
  if (run.score) out.push([key('score'), SCORE_WORDS[run.score]()]);
  // The run's own seed is the one used; an option of the same name would only repeat it.
  out.push(...optionPairs(run.options).filter(([k]) => k !== 'seed'));
  out.push([key('seed'), run.seed === null ? t('export:caption.noSeed') : String(run.seed)]);
  if (run.layer) out.push([key('layer'), run.layer]);
  if (run.display) out.push([key('window'), displayText(run.display, clinical)]);
  if (run.background) out.push([key('background'), t('export:caption.composited', { colour: run.background })]);
  out.push([key('evaluations'), t('export:caption.evaluationsOf', { done: run.evaluations.done, total: run.evaluations.total, unit: run.evaluations.unit })]);
  if (run.batchSize !== null) out.push([key('batch'), String(run.batchSize)]);
  out.push([key('backend'), run.backend]);
  out.push([key('time'), t('export:caption.ms', { ms: Math.round(run.ms) })]);
  if (run.cancelled) out.push([key('stopped'), run.cancelReason ?? t('export:caption.yes')]);
  return out;
}

/** Preprocessing in one line: "64×64×3, stretch, scale [0,1], RGB" (mean/std where given). */
export function preprocessingLine(p: Preprocessing): string {
  const parts = [`${p.width}×${p.height}×${p.channels}`, p.resize === 'centerCrop' ? t('export:caption.centreCrop') : t('export:caption.stretch'), t('export:caption.scale', { scale: p.scale })];
  if (p.mean) parts.push(t('export:caption.mean', { values: p.mean.join('/') }));
  if (p.std) parts.push(t('export:caption.std', { values: p.std.join('/') }));
  parts.push(p.channelOrder === 'bgr' ? 'BGR' : 'RGB');
  if (p.grayscale) parts.push(t('export:caption.greyscale'));
  return parts.join(t('export:caption.listSep'));
}

/**
 * The caption of an exported map, one line per entry: what (method, class), which model, the parameters.
 * `sha256` is the model weights' hash when known (shown shortened).
 */
export function captionLines(a: Attribution, o: { methodLabel: string; className: string; model: Pick<ModelSummary, 'name'>; sha256?: string | null; imageName: string; clinical?: ClinicalContext }): string[] {
  const lines = [t('export:caption.what', { method: o.methodLabel, className: o.className, image: o.imageName })];
  lines.push(o.sha256 ? t('export:caption.modelHash', { name: o.model.name, hash: o.sha256.slice(0, 12) }) : t('export:caption.model', { name: o.model.name }));
  lines.push(runLine(a.run, o.clinical));
  return lines;
}

/** The parameters of a run on one line: "key value · key value · …" (runPairs). */
export function runLine(run: RunRecord, clinical?: ClinicalContext): string {
  return runPairs(run, clinical).map(([key, value]) => t('export:caption.pair', { key, value })).join(t('export:caption.pairSep'));
}

/** The warning an exported picture carries when the image is out of distribution (its verdict's sentence); null otherwise. */
export function oodWarning(v: OodVerdict | undefined | null): string | null {
  return v?.status === 'out' ? t('export:caption.warning', { sentence: v.sentence }) : null;
}

/**
 * The name of an image as it may leave the machine. DICOM and other clinical files often carry the
 * patient's name or ID in their file name, so a clinical image is called "image-<n>" (n from its position
 * in the gallery, 1-based); so is any name that holds a long run of digits (an ID, a date of birth). Other
 * names are kept.
 */
export function shareableImageName(image: Pick<ImageInfo, 'name' | 'clinical'>, position: number): string {
  const neutral = `image-${position}`;
  if (image.clinical) return neutral;
  if (/\d{6,}/.test(image.name.replace(/[-_. ]/g, ''))) return neutral;
  return image.name;
}

/** A file name from parts: lower case, runs of anything but a-z, 0-9 and dot made one hyphen, ≤ 80 chars. */
export function fileNameOf(parts: readonly string[], ext: string): string {
  const base = parts
    .map((p) => p.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter(Boolean)
    .join('-')
    .slice(0, 80)
    .replace(/-+$/, '');
  return `${base || 'glassbox'}.${ext}`;
}
