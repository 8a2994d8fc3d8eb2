// Rebuilds the demo model shipped in public/models/demo: `npm run train-demo`.
// Trains the small CNN on the seeded synthetic dataset in Node on the WASM backend (with Glassbox's own
// Conv2DBackpropFilter kernel), reports held-out accuracy, and writes model.json, the weight shard
// and metadata.json. Same seeds, same data; tfjs training is close to, not bit-for-bit, reproducible.

import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from '../src/core/backend/ladder';
import { smallCnn } from '../src/core/model/architectures';
import { saveLayersModelToFiles } from '../src/core/model/io';
import { SPLIT_SEEDS, SYNTHETIC_LABELS, syntheticDataset } from '../src/core/data/synthetic';
import { toInputArray } from '../src/core/image/preprocess';
import type { ModelMetadata, Preprocessing } from '../src/shared/types';
import { LoadedModel } from '../src/core/model/loaded';
import { writeDemoOod } from './oodStats';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const SIZE = 64;
const TRAIN = Number(args.get('train') ?? 3000);
const VAL = Number(args.get('val') ?? 300);
const TEST = Number(args.get('test') ?? 600);
const EPOCHS = Number(args.get('epochs') ?? 8);
const OUT = args.get('out') ?? path.resolve('public/models/demo');

const prep: Preprocessing = { width: SIZE, height: SIZE, channels: 3, resize: 'stretch', scale: 'zeroOne' };

function tensors(seed: number, n: number) {
  const samples = syntheticDataset(seed, n, { size: SIZE });
  const xs = new Float32Array(n * SIZE * SIZE * 3);
  samples.forEach((s, i) => xs.set(toInputArray(s.image, prep), i * SIZE * SIZE * 3));
  const ys = tf.oneHot(tf.tensor1d(samples.map((s) => s.label), 'int32'), SYNTHETIC_LABELS.length);
  return { x: tf.tensor4d(xs, [n, SIZE, SIZE, 3]), y: ys, labels: samples.map((s) => s.label) };
}

async function main() {
  const report = await chooseBackend({ candidates: ['wasm', 'cpu'] });
  await tf.setBackend('wasm');
  console.log(`backend: ${tf.getBackend()} (ladder chose ${report.active})`);
  const t0 = Date.now();
  const train = tensors(SPLIT_SEEDS.train, TRAIN);
  const val = tensors(SPLIT_SEEDS.validation, VAL);
  const test = tensors(SPLIT_SEEDS.test, TEST);
  console.log(`data: ${TRAIN} train, ${VAL} validation, ${TEST} test images drawn in ${Date.now() - t0} ms`);

  const model = smallCnn({ inputSize: SIZE, classes: SYNTHETIC_LABELS.length, width: 16, depth: 3, seed: 7 });
  model.compile({ optimizer: tf.train.adam(0.003), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const t1 = Date.now();
  await model.fit(train.x, train.y, {
    epochs: EPOCHS,
    batchSize: 32,
    shuffle: true,
    validationData: [val.x, val.y],
    callbacks: {
      onEpochEnd: async (epoch, logs) => {
        console.log(`epoch ${epoch + 1}/${EPOCHS} loss ${logs?.loss?.toFixed(4)} acc ${logs?.acc?.toFixed(4)} val_acc ${logs?.val_acc?.toFixed(4)} (${((Date.now() - t1) / 1000).toFixed(0)} s)`);
      },
    },
  });
  const pred = tf.tidy(() => (model.predict(test.x) as tf.Tensor).argMax(1));
  const predicted = Array.from(await pred.data());
  pred.dispose();
  const acc = predicted.filter((p, i) => p === test.labels[i]).length / TEST;
  console.log(`held-out test accuracy: ${(acc * 100).toFixed(2)}% on ${TEST} images`);
  if (acc < 0.95) {
    console.error('accuracy below 95%: not writing the model');
    process.exit(1);
  }

  const saved = await saveLayersModelToFiles(model);
  const meta: ModelMetadata = {
    name: 'Glassbox demo: synthetic tissue (normal / lesion / cyst)',
    labels: [...SYNTHETIC_LABELS],
    preprocessing: prep,
    description: 'Small CNN trained on the seeded synthetic tissue dataset in src/core/data/synthetic.ts. Not a medical model.',
    testAccuracy: acc,
    trainedWith: `npm run train-demo: ${TRAIN} images, ${EPOCHS} epochs, Adam 0.003, batch 32, tfjs ${tf.version.tfjs} on ${tf.getBackend()}`,
  };
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, 'model.json'), JSON.stringify(saved.modelJson));
  fs.writeFileSync(path.join(OUT, saved.shardName), Buffer.from(saved.weights));
  fs.writeFileSync(path.join(OUT, 'metadata.json'), JSON.stringify(meta, null, 2) + '\n');
  console.log(`wrote ${OUT} (${saved.weights.byteLength} bytes of weights) in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  // (honest) The training images' feature statistics for the out-of-distribution verdict, in metadata.json.
  const ood = await writeDemoOod(OUT, new LoadedModel(model, meta), TRAIN, VAL);
  console.log(`ood statistics: layer ${ood.layer}, threshold ${ood.threshold.toFixed(2)}`);
  for (const t of [train, val, test]) {
    t.x.dispose();
    t.y.dispose();
  }
  model.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
