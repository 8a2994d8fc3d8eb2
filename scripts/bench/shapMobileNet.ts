// Bench figure, issue 15 target "SHAP 'until stable' on a MobileNetV2-224-shaped model on wasm under 10 s":
// Kernel SHAP at its defaults (budget 'until stable', 2M + 2048 coalitions at most) on the 224 px
// MobileNet-shaped model with a fitted head (src/bench/mobilenetHead.ts), in Node on tfjs-wasm (the same
// wasm binary the browser's worker runs), alone and with the engine pool's helpers (N = cores - 1),
// interleaved. Prints one line per run and a summary; writes bench/shap-mobilenet.json.
//   node --import tsx scripts/bench/shapMobileNet.ts [--images=2] [--rounds=2]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { mobileNetWithTrainedHead } from '../../src/bench/mobilenetHead';
import { kernelShapMethod } from '../../src/core/explain/methods/kernelShap';
import { validateOptions } from '../../src/core/explain/types';
import { batchSizeFor } from '../../src/core/explain/batching';
import { setBatchPool } from '../../src/core/explain/spread';
import { SPLIT_SEEDS, syntheticSample } from '../../src/core/data/synthetic';
import { useBackend, REPO_ROOT } from '../../src/core/testing/node';
import { EnginePool } from '../../src/worker/pool';
import { spawnNodeHelper } from '../../src/worker/poolNode';

const arg = (name: string, d: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? d);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

async function main() {
  const load0 = os.loadavg();
  await useBackend('wasm');
  const cores = os.cpus().length;
  const { model: lm, testAccuracy } = await mobileNetWithTrainedHead({ inputSize: 224 });
  const batchSize = Math.min(batchSizeFor('wasm', 224 * 224 * 3), lm.maxBatch);
  const helpers = Math.max(0, cores - 1);
  let pool: EnginePool | null = null;
  if (helpers > 0) {
    const t0 = performance.now();
    pool = new EnginePool({ timeoutMs: 600_000, onLost: (name, why) => console.log(`[pool] ${name} lost: ${why}`) });
    for (let i = 0; i < helpers; i++) pool.add([spawnNodeHelper().endpoint]);
    await pool.prepare(lm.model, 'wasm', helpers);
    console.log(`[shap-mobilenet] ${helpers} helper engine(s) ready in ${Math.round(performance.now() - t0)} ms`);
  }
  const images = Array.from({ length: arg('images', 2) }, (_, i) => syntheticSample(SPLIT_SEEDS.test, i, { size: 224, label: 1 }).image);
  const runs: { pooled: boolean; image: number; ms: number; used: number; budget: number; stoppedEarly: boolean; engines: number }[] = [];
  for (let round = 0; round < arg('rounds', 2); round++) {
    for (let i = 0; i < images.length; i++) {
      for (const pooled of pool ? [false, true] : [false]) {
        const x = lm.inputTensor(images[i]);
        const p = await lm.probabilities(x);
        const target = p.indexOf(Math.max(...p));
        if (pooled && pool) {
          setBatchPool(pool);
          pool.beginRun();
        }
        const t0 = performance.now();
        const r = await kernelShapMethod.explain({ model: lm.model, info: lm.info, preprocessing: lm.meta.preprocessing, batchSize }, x, target, validateOptions(kernelShapMethod, { seed: i }));
        const ms = performance.now() - t0;
        setBatchPool(null);
        x.dispose();
        const run = { pooled, image: i, ms, used: r.run.evaluations.done, budget: r.run.stopping?.fixedBudget ?? r.run.evaluations.total, stoppedEarly: Boolean(r.run.stopping?.stoppedEarly), engines: pooled && pool ? pool.workersUsed() : 1 };
        runs.push(run);
        console.log(`[shap-mobilenet] round ${round} image ${i} ${pooled ? `pool (${run.engines} engines)` : 'one engine'}: ${(ms / 1000).toFixed(2)} s, ${run.used} of ${run.budget} coalitions${run.stoppedEarly ? ' (stopped early)' : ''}`);
      }
    }
  }
  pool?.close();
  lm.dispose();
  const load1 = os.loadavg();
  const summary = [false, true].filter((p) => runs.some((r) => r.pooled === p)).map((pooled) => {
    const rs = runs.filter((r) => r.pooled === pooled);
    return { pooled, engines: Math.max(...rs.map((r) => r.engines)), medianMs: Math.round(median(rs.map((r) => r.ms))), minMs: Math.round(Math.min(...rs.map((r) => r.ms))), maxMs: Math.round(Math.max(...rs.map((r) => r.ms))), medianCoalitions: median(rs.map((r) => r.used)), runs: rs.length };
  });
  const out = { figure: 'SHAP until stable, MobileNet-shaped 224 px', backend: tf.getBackend(), cores, batchSize, heldOutAccuracy: testAccuracy, loadAverage: { before: load0, after: load1 }, target: 'under 10 s', summary, runs };
  const file = path.join(REPO_ROOT, 'bench/shap-mobilenet.json');
  fs.writeFileSync(file, JSON.stringify(out, null, 2));
  console.log(`\nSHAP until stable on the MobileNet-shaped model (224 px, wasm, batch ${batchSize}; load ${load0.map((l) => l.toFixed(2)).join(' ')} -> ${load1.map((l) => l.toFixed(2)).join(' ')})`);
  for (const s of summary) console.log(`  ${s.pooled ? `pool, ${s.engines} engines` : 'one engine'}: median ${(s.medianMs / 1000).toFixed(2)} s [${(s.minMs / 1000).toFixed(2)}-${(s.maxMs / 1000).toFixed(2)}] x${s.runs}, ${s.medianCoalitions} coalitions`);
  console.log(`written ${file}`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
