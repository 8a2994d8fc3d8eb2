// Writes the demo model's out-of-distribution statistics into public/models/demo/metadata.json ("ood"):
// `npm run ood-demo`. The class means, tied covariance (as its Cholesky factor) and 99th-percentile
// threshold of the demo's penultimate features (Lee et al. 2018) on the synthetic training and validation
// splits it was trained on. train-demo runs the same step after training; this one recomputes them
// without retraining.

import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadModelDir, useBackend } from '../src/core/testing/node';
import { writeDemoOod } from './oodStats';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const DIR = args.get('dir') ?? path.resolve('public/models/demo');
const TRAIN = Number(args.get('train') ?? 3000);
const VAL = Number(args.get('val') ?? 300);

async function main() {
  await useBackend('wasm');
  const t0 = Date.now();
  const lm = await loadModelDir(DIR);
  const ood = await writeDemoOod(DIR, lm, TRAIN, VAL);
  lm.dispose();
  console.log(`ood: layer ${ood.layer}, d = ${ood.d}, threshold ${ood.threshold.toFixed(2)} (99th percentile of ${VAL} validation images), fitted on ${TRAIN}; wrote ${DIR}/metadata.json in ${((Date.now() - t0) / 1000).toFixed(0)} s on ${tf.getBackend()}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
