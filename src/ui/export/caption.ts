// The words that travel with an exported result: the caption under a PNG, the parameter list of the
// report, file names, and the image name as it may leave the machine (de-identified). Pure functions.

import type { Attribution, RunRecord } from '../../shared/attribution';
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
  const parts = [`${plainNumber(d.window.center, 6)} / ${plainNumber(d.window.width, 6)}${units}`, d.invert ? 'inverted' : 'not inverted'];
  if (!clinical) parts.push(`frame ${d.frame + 1}`);
  else if (clinical.frameCount > 1) parts.push(`frame ${d.frame + 1} of ${clinical.frameCount}`);
  return parts.join(', ');
}

const SCORE_WORDS: Record<NonNullable<RunRecord['score']>, string> = {
  probability: 'probability (after the output head)',
  logit: 'logit (log-odds, before the output head)',
};

/**
 * Every parameter of a run as label/value pairs: the score explained, options, seed, layer, a clinical
 * image's window/level (`clinical` gives its units and frame count), a transparent image's background,
 * evaluations, batch, backend, time, stopped.
 */
export function runPairs(run: RunRecord, clinical?: ClinicalContext): [string, string][] {
  const out: [string, string][] = [];
  if (run.score) out.push(['score explained', SCORE_WORDS[run.score]]);
  // The run's own seed is the one used; an option of the same name would only repeat it.
  out.push(...optionPairs(run.options).filter(([k]) => k !== 'seed'));
  out.push(['seed', run.seed === null ? 'none (not sampled)' : String(run.seed)]);
  if (run.layer) out.push(['layer', run.layer]);
  if (run.display) out.push(['window (centre / width)', displayText(run.display, clinical)]);
  if (run.background) out.push(['background', `transparent pixels composited over ${run.background}`]);
  out.push(['evaluations', `${run.evaluations.done} of ${run.evaluations.total} ${run.evaluations.unit}`]);
  if (run.batchSize !== null) out.push(['batch size', String(run.batchSize)]);
  out.push(['backend', run.backend]);
  out.push(['time', `${Math.round(run.ms)} ms`]);
  if (run.cancelled) out.push(['stopped early', run.cancelReason ?? 'yes']);
  return out;
}

/** Preprocessing in one line: "64×64×3, stretch, scale [0,1], RGB" (mean/std where given). */
export function preprocessingLine(p: Preprocessing): string {
  const parts = [`${p.width}×${p.height}×${p.channels}`, p.resize === 'centerCrop' ? 'centre crop' : 'stretch', `scale ${p.scale}`];
  if (p.mean) parts.push(`mean ${p.mean.join('/')}`);
  if (p.std) parts.push(`std ${p.std.join('/')}`);
  parts.push(p.channelOrder === 'bgr' ? 'BGR' : 'RGB');
  if (p.grayscale) parts.push('greyscale');
  return parts.join(', ');
}

/**
 * The caption of an exported map, one line per entry: what (method, class), which model, the parameters.
 * `sha256` is the model weights' hash when known (shown shortened).
 */
export function captionLines(a: Attribution, o: { methodLabel: string; className: string; model: Pick<ModelSummary, 'name'>; sha256?: string | null; imageName: string; clinical?: ClinicalContext }): string[] {
  const lines = [`${o.methodLabel} for “${o.className}” · ${o.imageName}`];
  lines.push(`Model ${o.model.name}${o.sha256 ? ` (weights SHA-256 ${o.sha256.slice(0, 12)}…)` : ''}`);
  lines.push(runPairs(a.run, o.clinical).map(([k, v]) => `${k} ${v}`).join(' · '));
  return lines;
}

/** The warning an exported picture carries when the image is out of distribution (its verdict's sentence); null otherwise. */
export function oodWarning(v: OodVerdict | undefined | null): string | null {
  return v?.status === 'out' ? `Warning: ${v.sentence}` : null;
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
