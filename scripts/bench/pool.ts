// The "pool scaling" figure (issue 15 §1): LIME (1000 samples) and RISE on the demo model in Node on wasm
// with 0, 1 and 2 helper engines (worker_threads, src/worker/poolNode.ts; the browser's pool code), runs
// interleaved (0, 1, 2, 0, 1, 2, ...) so the machine's load falls on every size alike, plus the pool's
// start-up time and memory per helper, and whether the maps are identical across sizes (they must be).
// Usage: npm run bench -- --pool   or   node --import tsx scripts/bench/pool.ts [--rounds=3] [--out=FILE]

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadDemoModel, useBackend, REPO_ROOT } from '../../src/core/testing/node';
import { SPLIT_SEEDS, syntheticSample } from '../../src/core/data/synthetic';
import { batchSizeFor } from '../../src/core/explain/batching';
import { setBatchPool } from '../../src/core/explain/spread';
import { validateOptions, type ExplainMethod } from '../../src/core/explain/types';
import { lime } from '../../src/core/explain/methods/lime';
import { rise } from '../../src/core/explain/methods/rise';
import { EnginePool } from '../../src/worker/pool';
import { spawnNodeHelper } from '../../src/worker/poolNode';

const argv = process.argv.slice(2);
const opt = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const ROUNDS = Number(opt('rounds') ?? 3);
const OUT = path.resolve(opt('out') ?? path.join(REPO_ROOT, 'bench/pool.json'));
const SIZES = [0, 1, 2];

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

async function main() {
  const load0 = os.loadavg();
  await useBackend('wasm');
  const lm = await loadDemoModel();
  const [, H, W, C] = lm.model.inputs[0].shape as number[];
  const batchSize = Math.min(batchSizeFor('wasm', H * W * C), lm.maxBatch);
  const image = syntheticSample(SPLIT_SEEDS.test, 0, { size: 64, label: 1 }).image;

  // Start-up and memory: helpers started and loaded with the demo model, one pool per size.
  const pools = new Map<number, EnginePool>();
  const startup: { helpers: number; ms: number; rssPerHelperMb: number }[] = [];
  for (const n of SIZES.filter((s) => s > 0)) {
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    const pool = new EnginePool({ timeoutMs: 300_000, onLost: (name, why) => console.log(`[pool] ${name} lost: ${why}`) });
    for (let i = 0; i < n; i++) pool.add([spawnNodeHelper().endpoint]);
    await pool.prepare(lm.model, 'wasm', n);
    if (pool.readyCount !== n) throw new Error(`only ${pool.readyCount} of ${n} helpers loaded the model`);
    const ms = performance.now() - t0;
    const rssPerHelperMb = (process.memoryUsage().rss - rss0) / n / 1024 ** 2;
    startup.push({ helpers: n, ms: Math.round(ms), rssPerHelperMb: Math.round(rssPerHelperMb) });
    console.log(`[pool] ${n} helper(s) ready in ${Math.round(ms)} ms, ${rssPerHelperMb.toFixed(0)} MB each (process RSS growth)`);
    pools.set(n, pool);
  }

  const methods: [string, ExplainMethod, Record<string, number>][] = [
    ['LIME 1000 samples', lime, { samples: 1000, seed: 0 }],
    ['RISE 2000 masks', rise, { masks: 2000, seed: 0 }],
  ];
  const times = new Map<string, number[]>();
  const maps = new Map<string, Float32Array>();
  const workers = new Map<string, number>();
  let identical = true;
  // Warm-up: one run of each method at each size (first-batch kernel set-up, helpers' first batches).
  for (let round = -1; round < ROUNDS; round++) {
    for (const [name, method, options] of methods) {
      for (const n of SIZES) {
        const pool = pools.get(n) ?? null;
        setBatchPool(pool);
        pool?.beginRun();
        const x = lm.inputTensor(image);
        const t0 = performance.now();
        const a = await method.explain({ model: lm.model, info: lm.info, batchSize }, x, 1, validateOptions(method, options));
        const ms = performance.now() - t0;
        x.dispose();
        setBatchPool(null);
        const key = `${name}|${n}`;
        workers.set(key, pool ? pool.workersUsed() : 1);
        const ref = maps.get(name);
        if (!ref) maps.set(name, a.values);
        else if (ref.length !== a.values.length || ref.some((v, i) => v !== a.values[i])) identical = false;
        if (round >= 0) times.set(key, [...(times.get(key) ?? []), ms]);
        console.log(`[pool] ${round < 0 ? 'warm-up ' : ''}${name}, pool ${n}: ${ms.toFixed(0)} ms (${workers.get(key)} engines)`);
      }
    }
  }
  for (const p of pools.values()) p.close();

  const rows = methods.flatMap(([name]) =>
    SIZES.map((n) => {
      const v = times.get(`${name}|${n}`) ?? [];
      const base = median(times.get(`${name}|0`) ?? [NaN]);
      return { item: name, pool: n, engines: workers.get(`${name}|${n}`) ?? 1, medianMs: Math.round(median(v)), minMs: Math.round(Math.min(...v)), maxMs: Math.round(Math.max(...v)), runs: v.length, speedup: Number((base / median(v)).toFixed(2)) };
    }),
  );
  const result = {
    figure: 'pool scaling',
    backend: tf.getBackend(),
    batchSize,
    cores: os.cpus().length,
    loadAverage: { before: load0.map((l) => Number(l.toFixed(2))), after: os.loadavg().map((l) => Number(l.toFixed(2))) },
    identicalMapsAcrossSizes: identical,
    startup,
    rows,
    formula: 'time(N helpers) ~ time(0) / (1 + N x h), h = a helper\'s share of a core (1 on an idle machine, less when the cores are shared); helpers = cores - 1',
  };
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, JSON.stringify(result, null, 2));
  console.log(`\npool scaling (Node, wasm, batch ${batchSize}; load average ${result.loadAverage.before.join(' ')} -> ${result.loadAverage.after.join(' ')}; maps identical across sizes: ${identical})`);
  for (const r of rows) console.log(`  ${r.item.padEnd(18)} pool ${r.pool} (${r.engines} engines): median ${r.medianMs} ms [${r.minMs}-${r.maxMs}] x${r.runs}, speed-up ${r.speedup}`);
  for (const s of startup) console.log(`  start-up, ${s.helpers} helper(s): ${s.ms} ms to ready with the model; ~${s.rssPerHelperMb} MB per helper`);
  console.log(`written ${OUT}`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
