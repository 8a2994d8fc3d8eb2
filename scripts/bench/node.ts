// The Node half of the benchmark, run by scripts/bench.ts in a child process (so its timings share the
// machine with nothing else the bench does): the core on tfjs's cpu and wasm backends in Node, with the
// demo model. Usage: node --import tsx scripts/bench/node.ts <plans.json> <out.json>

import fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { loadDemoModel, useBackend } from '../../src/core/testing/node';
import { runBackendPlan } from '../../src/bench/suite';
import { errorText } from '../../src/bench/stats';
import type { BackendPlan, BackendRun } from '../../src/bench/types';
import { dicomBenchFiles } from './dicomFiles';

async function main() {
  const [planFile, outFile] = process.argv.slice(2);
  if (!planFile || !outFile) throw new Error('usage: node.ts <plans.json> <out.json>');
  const plans = JSON.parse(fs.readFileSync(planFile, 'utf8')) as BackendPlan[];
  const runs: BackendRun[] = [];
  for (const plan of plans) {
    const t0 = performance.now();
    try {
      await useBackend(plan.backend as 'cpu' | 'wasm');
      runs.push(
        await runBackendPlan(plan, {
          env: 'node',
          loadDemo: loadDemoModel,
          log: (m) => console.log(`[node ${plan.backend}] ${m}`),
          // Decoding does not use tfjs: timed once, with the first plan.
          ...(plan === plans[0] ? { dicomFiles: async () => dicomBenchFiles().map((f) => ({ name: f.name, bytes: new Uint8Array(fs.readFileSync(f.path)) })) } : {}),
        }),
      );
    } catch (e) {
      const reason = errorText(e);
      console.log(`[node ${plan.backend}] failed: ${reason}`);
      runs.push({
        env: 'node', backend: plan.backend, status: 'failed', reason, models: [],
        memory: { status: 'failed', reason, explanations: 0, method: 'gradcam' },
        training: { status: 'failed', reason, trainer: 'trainClassifier' },
        notes: plan.notes, wallMs: Math.round(performance.now() - t0),
      });
    }
  }
  fs.writeFileSync(outFile, JSON.stringify({ tfjs: tf.version.tfjs, runs }));
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(errorText(e));
    process.exit(1);
  },
);
