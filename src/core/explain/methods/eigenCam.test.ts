import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runModel } from '../../model/graph';
import { hashSeed, mulberry32, gaussian } from '../../data/rng';
import { useBackend } from '../../testing/node';
import { checkOf, contextOf, demoModel, expectNoLeak, explainImage, lesionSample } from '../testkit';
import { validateOptions } from '../types';
import { eigenCam, firstPrincipalProjection } from './eigenCam';

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('Eigen-CAM', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('finds a planted principal component', () => {
    // rows = offset + u_i · v + small noise: the first component is v, the projections follow u.
    const rng = mulberry32(hashSeed(5));
    const [n, k] = [200, 12];
    const v = Array.from({ length: k }, () => gaussian(rng));
    const offset = Array.from({ length: k }, () => 3 * rng());
    const u = Array.from({ length: n }, () => gaussian(rng));
    const m = new Float32Array(n * k);
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) m[i * k + j] = offset[j] + u[i] * v[j] + 0.05 * gaussian(rng);
    const { projection, explained } = firstPrincipalProjection(m, n, k);
    expect(Math.abs(correlation(projection, u))).toBeGreaterThan(0.999);
    expect(explained).toBeGreaterThan(0.95);
    expect(explained).toBeLessThanOrEqual(1 + 1e-9);
  });

  it('is class-agnostic and oriented to agree with the mean activation', async () => {
    const lm = await demoModel();
    const s = lesionSample(0);
    const x = lm.inputTensor(s.image);
    const maps = [];
    for (const target of [0, 1, 2]) maps.push(await eigenCam.explain(contextOf(lm), x, target, validateOptions(eigenCam, {})));
    const layer = lm.info.defaultCamLayer as string;
    const meanAct = tf.tidy(() => {
      const A = runModel(lm.model, x, { capture: [layer] }).captured.get(layer) as tf.Tensor4D;
      return tf.image.resizeBilinear(tf.mean(A, 3, true) as tf.Tensor4D, [64, 64], false, true).dataSync();
    });
    x.dispose();
    expect(correlation(maps[0].values, meanAct)).toBeGreaterThan(0);
    expect(maps[1].values).toEqual(maps[0].values);
    expect(maps[2].values).toEqual(maps[0].values);
    expect(checkOf(maps[0], 'explained-variance').value).toBeGreaterThan(0);
  });

  it('is non-negative and leaks no tensors', async () => {
    const lm = await demoModel();
    const a = await expectNoLeak(() => explainImage(eigenCam, lm, lesionSample(0)));
    expect(Math.min(...a.values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a.values)).toBeGreaterThan(0);
  });

});
