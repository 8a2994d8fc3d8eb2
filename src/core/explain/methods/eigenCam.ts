// Eigen-CAM — Muhammad & Yeasin, "Eigen-CAM: Class Activation Map using Principal Components",
// IJCNN 2020.
//   O = A reshaped to (h·w) x K, centred per channel;   O = U Σ V^T
//   L = ReLU( O v_1 )       (projection on the first principal component; then upsampled)
// The sign of a principal component is arbitrary, so v_1 is flipped if needed to make L correlate
// positively with the mean activation over channels. Class-agnostic: the target class is not used.

import * as tf from '@tensorflow/tfjs';
import { runModel } from '../../model/graph';
import type { ExplainMethod } from '../types';
import { validateOptions } from '../types';
import { CAM_LAYER_OPTION, camCompatible, resolveCamLayer, upsampleToInput } from '../cam';
import { checkTarget } from '../gradients';
import { figure, startRun } from '../result';
import { t } from '../../../shared/i18n';

/**
 * First principal component of the rows of `m` (n x k, row-major), by power iteration on the
 * centred data (never forming the k x k covariance). Returns the centred projections and the share
 * of the variance the component explains.
 */
export function firstPrincipalProjection(m: ArrayLike<number>, n: number, k: number): { projection: Float64Array; explained: number } {
  const mean = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) mean[j] += m[i * k + j] / n;
  const c = new Float64Array(n * k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const v = m[i * k + j] - mean[j];
      c[i * k + j] = v;
      total += v * v;
    }
  }
  const projection = new Float64Array(n);
  if (total === 0) return { projection, explained: 0 };
  // Deterministic start: the per-channel spreads (a generic vector with weight on every channel that
  // varies, so in practice not orthogonal to the top component).
  const unit = (x: Float64Array) => {
    const l = Math.sqrt(x.reduce((s, y) => s + y * y, 0));
    return { u: x.map((y) => y / (l || 1)), l };
  };
  const sq = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) sq[j] += c[i * k + j] ** 2;
  let v = unit(sq.map(Math.sqrt)).u;
  const project = (dir: Float64Array) => {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += c[i * k + j] * dir[j];
      projection[i] = s;
    }
  };
  // Power iteration on C^T C: v <- C^T (C v) / |.|; lambda -> sigma_1^2.
  let lambda = 0;
  for (let it = 0; it < 1000; it++) {
    project(v);
    const next = new Float64Array(k);
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) next[j] += c[i * k + j] * projection[i];
    const { u, l } = unit(next);
    lambda = l;
    let diff = 0;
    for (let j = 0; j < k; j++) diff = Math.max(diff, Math.abs(u[j] - v[j]));
    v = u;
    if (diff < 1e-10) break;
  }
  project(v);
  return { projection, explained: lambda / total };
}

export interface EigenCamOptions {
  [key: string]: string | null;
  layer: string | null;
}

export const eigenCam: ExplainMethod<EigenCamOptions> = {
  id: 'eigencam',
  label: 'Eigen-CAM',
  summary: 'Shows the strongest common pattern in a layer’s features, without looking at any class.',
  about:
    'Eigen-CAM summarises all the channels of a convolutional layer into the single spatial pattern that explains most of their variation (their first principal component). ' +
    'It uses no gradients and no class: it shows what stands out most to the model in this image, whatever it then decides. ' +
    'That makes it robust and quick, but it cannot tell you why one class was chosen over another; the map is the same for every class.',
  kind: 'cam',
  signed: false,
  defaultOptions: { layer: null },
  options: [CAM_LAYER_OPTION],
  isCompatible: camCompatible,
  async explain(ctx, input, target, raw) {
    // The map does not depend on the class, but a class the model lacks is still a caller's mistake.
    checkTarget(ctx, target);
    const o = validateOptions(eigenCam, raw);
    const layer = resolveCamLayer(ctx, o.layer);
    const finish = startRun(ctx, eigenCam.id, target, o);
    const [, H, W] = input.shape;
    ctx.onProgress?.({ done: 0, total: 1, stage: t('methods:checks.stages.activations') });
    const A = tf.tidy(() => runModel(ctx.model, input, { capture: [layer] }).captured.get(layer) as tf.Tensor4D);
    const [, h, w, K] = A.shape;
    const a = await A.data();
    A.dispose();
    const { projection, explained } = firstPrincipalProjection(a, h * w, K);
    // Orient the component so that it agrees with the overall activation.
    const meanAct = new Float64Array(h * w);
    for (let i = 0; i < h * w; i++) {
      let s = 0;
      for (let j = 0; j < K; j++) s += a[i * K + j];
      meanAct[i] = s / K;
    }
    const mu = meanAct.reduce((x, y) => x + y, 0) / (h * w);
    let corr = 0;
    for (let i = 0; i < h * w; i++) corr += projection[i] * (meanAct[i] - mu);
    const sign = corr < 0 ? -1 : 1;
    const coarse = Float32Array.from(projection, (v) => Math.max(0, sign * v));
    const map = tf.tidy(() => upsampleToInput(tf.tensor2d(coarse, [h, w]), H, W));
    const values = (await map.data()) as Float32Array;
    map.dispose();
    ctx.onProgress?.({ done: 1, total: 1 });
    return {
      values,
      width: W,
      height: H,
      signed: false,
      units: 'activation',
      checks: [figure('explained-variance', t('methods:checks.figures.explainedVariance'), explained, 'percent', t('methods:checks.figures.explainedVarianceDetail'))],
      run: finish({ done: 1, total: 1, unit: 'forward passes' }, { layer }),
    };
  },
};
