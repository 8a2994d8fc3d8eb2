// Memory budgeted before allocating. Every size a model file can ask for (metadata.json's width and
// height, Teachable Machine's imageSize, a model's fixed input, a size typed in the editor) is bounded
// here, and so is what one input costs to run: the input tensor plus every layer's activations, which a
// forward pass inside tf.tidy (and any gradient) keeps alive at once. A size past these limits is refused
// with its numbers before anything is allocated, so no accepted option can exhaust or corrupt the engine
// (WASM's heap, a WebGL texture or the renderer's memory).

import type * as tf from '@tensorflow/tfjs';
import type { UserErrorInfo } from '../../shared/types';
import { outputShapesAt, walkLayers } from './graph';
import { t } from '../../shared/i18n';

/**
 * Largest input side Glassbox feeds a model, in pixels. Images are kept at most 2048 pixels on their
 * longest side, so a larger input could only be an upsampled image; and 2048 x 2048 x 3 float32 is 48 MB,
 * the batching code's cap for one batch of inputs.
 */
export const MAX_INPUT_SIDE = 2048;
/** Smallest input side the editor accepts, in pixels. */
export const MIN_INPUT_SIDE = 8;
/**
 * Bytes one input may take to run, batch of 1: the input plus all activations (float32). 1 GB leaves room
 * for gradients (about as much again) under the 2-4 GB a WASM heap or a renderer process can hold.
 */
export const MEMORY_BUDGET_BYTES = 1_000_000_000;

/** Bytes as a person reads them: 512 B, 3.1 kB, 48 MB, 1 GB, 3.2 GB (powers of 1000). */
export function formatBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  const shown = i === 0 || v >= 10 ? String(Math.round(v)) : v.toFixed(1).replace(/\.0$/, '');
  return `${shown} ${units[i]}`;
}

/**
 * Why a width x height input is too large, or null when both sides are within MAX_INPUT_SIDE.
 * @returns a sentence naming the limit, to follow the sentence that names the size.
 */
export function sideTooLarge(width: number, height: number): string | null {
  if (width <= MAX_INPUT_SIDE && height <= MAX_INPUT_SIDE) return null;
  return t('model:tooLarge.side', { max: MAX_INPUT_SIDE });
}

/** What one input costs to run, in bytes (float32, batch of 1). */
export interface MemoryEstimate {
  inputBytes: number;
  /** Sum of every layer's output for one input: what a forward pass inside tf.tidy holds at once. */
  activationBytes: number;
  totalBytes: number;
}

const FLOAT_BYTES = 4;

function volume(shape: readonly (number | null)[]): number {
  return shape.slice(1).reduce<number>((n, d) => n * (d ?? 1), 1);
}

/**
 * Estimates the memory of one forward pass at height x width x channels, from the layers' shape rules
 * (nothing is run or allocated). When a layer cannot compute its shape, its declared output shape is used,
 * a free height or width taken as the input's (most layers keep or shrink the spatial size).
 */
export function estimateMemory(model: tf.LayersModel, height: number, width: number, channels: number): MemoryEstimate {
  const inputBytes = height * width * channels * FLOAT_BYTES;
  let elements = 0;
  try {
    for (const shape of outputShapesAt(model, [1, height, width, channels]).values()) elements += volume(shape);
  } catch {
    elements = 0;
    for (const { layer } of walkLayers(model)) {
      const declared = layer.outputShape as unknown;
      const s = (Array.isArray(declared) && Array.isArray(declared[0]) ? declared[0] : declared) as (number | null)[];
      if (!Array.isArray(s)) continue;
      elements += volume(s.map((d, i) => (d !== null ? d : i === 1 ? height : i === 2 ? width : 1)));
    }
  }
  const activationBytes = elements * FLOAT_BYTES;
  return { inputBytes, activationBytes, totalBytes: inputBytes + activationBytes };
}

/**
 * Why running `model` on height x width x channels inputs would not fit MEMORY_BUDGET_BYTES, or null when
 * it fits. The refusal names the size, both parts of the estimate and the budget.
 */
export function memoryRefusal(model: tf.LayersModel, height: number, width: number, channels: number): UserErrorInfo | null {
  const e = estimateMemory(model, height, width, channels);
  if (e.totalBytes <= MEMORY_BUDGET_BYTES) return null;
  const v = { width, height, channels, input: formatBytes(e.inputBytes), activations: formatBytes(e.activationBytes), total: formatBytes(e.totalBytes), budget: formatBytes(MEMORY_BUDGET_BYTES) };
  return { title: t('model:memory.title', v), detail: t('model:memory.detail', v), action: t('model:memory.action', v) };
}

/**
 * Largest batch whose forward pass fits half of MEMORY_BUDGET_BYTES (the other half is room for the
 * gradients a gradient method keeps alongside): the cap on any batch of inputs a method runs at once.
 * At least 1 (a model that loaded fits one input in the whole budget).
 */
export function maxBatchFor(e: MemoryEstimate): number {
  return Math.max(1, Math.floor(MEMORY_BUDGET_BYTES / 2 / Math.max(1, e.totalBytes)));
}
