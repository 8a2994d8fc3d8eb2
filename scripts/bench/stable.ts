// Bench figure, issue 15 §2: "until stable" against the fixed budget. For LIME (1000 samples) and SHAP
// (2M + 2048 coalitions) at their defaults: on the demo model over held-out synthetic lesion images, and on a
// MobileNet-shaped model (src/bench/mobilenetHead.ts: random backbone, calibrated batch norm, fitted head) over a few images, does the stable answer's top-5 regions equal the
// full budget's, and how many evaluations (and seconds) does it save? Prints one line per model and method and
// writes bench/stable.json. Node, wasm backend, one core.
//   node --import tsx scripts/bench/stable.ts [--images=100] [--mobilenet-images=10] [--mobilenet-size=224]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { compareStable, summariseStable } from '../../src/bench/stable';
import { mobileNetWithTrainedHead } from '../../src/bench/mobilenetHead';
import { kernelShapMethod } from '../../src/core/explain/methods/kernelShap';
import { lime } from '../../src/core/explain/methods/lime';
import { SPLIT_SEEDS, syntheticSample } from '../../src/core/data/synthetic';
import type { ExplainMethod } from '../../src/core/explain/types';
import { LoadedModel } from '../../src/core/model/loaded';
import { loadDemoModel, useBackend } from '../../src/core/testing/node';

const LESION = 1;
/** Held-out lesion image i (the test split, as the slow tests use). */
const lesionSample = (i: number) => syntheticSample(SPLIT_SEEDS.test, i, { size: 64, label: LESION });
const arg = (name: string, d: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? d);

async function main() {
  await useBackend('wasm');
  const load = os.loadavg().map((v) => v.toFixed(2)).join(', ');
  const rows: { model: string; method: string; line: string; sameTop: number; sameRelevantTop: number; saved: number }[] = [];
  const run = async (model: string, lm: LoadedModel, images: ReturnType<typeof lesionSample>['image'][], target: (p: number[]) => number) => {
    if (images.length === 0) return;
    for (const m of [lime, kernelShapMethod] as ExplainMethod[]) {
      const s = summariseStable(`${m.id}, ${model}`, await compareStable(m, lm, images, target));
      console.log(s.line);
      rows.push({ model, method: m.id, ...s });
    }
  };
  const demo = await loadDemoModel();
  await run('demo model (64 px)', demo, Array.from({ length: arg('images', 100) }, (_, i) => lesionSample(i).image), () => LESION);
  const size = arg('mobilenet-size', 224);
  const fitted = await mobileNetWithTrainedHead({ inputSize: size });
  const mn = fitted.model;
  console.log(`MobileNet-shaped model: batch norm calibrated, head fitted in ${(fitted.fitMs / 1000).toFixed(1)} s; held-out accuracy ${(100 * fitted.testAccuracy).toFixed(0)}% on the 3 synthetic classes (chance 33%)`);
  await run(`MobileNet-shaped (${size} px, alpha 0.25, random backbone with calibrated batch norm, fitted head; held-out accuracy ${(100 * fitted.testAccuracy).toFixed(0)}%)`, mn, Array.from({ length: arg('mobilenet-images', 10) }, (_, i) => lesionSample(100 + i).image), (p) => p.indexOf(Math.max(...p)));
  mn.dispose();
  const loadAfter = os.loadavg().map((v) => v.toFixed(2)).join(', ');
  console.log(`backend ${tf.getBackend()}; load average before ${load}, after ${loadAfter}`);
  const out = path.resolve('bench/stable.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ figure: 'until stable vs fixed budget', date: new Date().toISOString(), load: { before: load, after: loadAfter }, rows }, null, 2));
  console.log(`wrote ${out}`);
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
