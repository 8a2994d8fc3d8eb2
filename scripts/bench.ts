// `npm run bench [-- --quick]`: builds the app with the benchmark page beside it, drives Debian's
// Chromium headless over both (the real app for cold start, responsiveness while LIME and training run,
// and the app's own training speed; bench.html for the per-backend figures, one fresh worker per
// backend), runs the core in Node on cpu and wasm, then writes bench/results.json and prints the tables.
// See scripts/bench/figures.ts for the figures, scripts/bench/plan.ts for what each backend measures in
// each mode, and src/bench/passes.ts for how the overhead ratio counts passes.
//
// Options: --quick (under 3 minutes), --smoke (the smallest run that fills every figure; for the test),
// --out=FILE (default bench/results.json), --dist=DIR (build output, default bench/dist),
// --no-build (reuse --dist), --backends=wasm,cpu,webgl,webgpu, --no-node.
// --peer [--quick] [--peer-threads=1,2] [--peer-reps=N]: only the side-by-side comparison with the Python
// peer (scripts/bench/peer.ts), whose rows are merged into --out as its `peer` section.
// --wasm-threads [--quick] [--no-build]: only threaded vs plain tfjs-wasm in Chromium, on bench.html served
// cross-origin isolated (scripts/bench/wasmThreads.ts); merged into --out as its `wasmThreads` section.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { launch, ROOT, serveDist } from '../e2e/harness';
import type { BackendName, BackendReport } from '../src/shared/types';
import type { BackendPlan, BackendRun } from '../src/bench/types';
import type { BenchPageApi } from '../src/bench/main';
import { appFigures, type AppPlan, type ColdStartResult, type ResponsivenessResult } from './bench/app';
import { buildFigures, checkResults, SCHEMA, type BenchResults, type LadderResult } from './bench/figures';
import { browserPlan, nodePlan, type Mode } from './bench/plan';
import { parseBenchArgs, type BenchArgs } from './bench/args';
import { runPeer } from './bench/peer';
import { runWasmThreads } from './bench/wasmThreads';
import { printResults } from './bench/table';
import { dicomBenchFiles } from './bench/dicomFiles';

// (pool) `npm run bench -- --pool`: only the pool scaling figure (scripts/bench/pool.ts), in its own process.
// `--stable` (scripts/bench/stable.ts), `--shap-mobilenet` (scripts/bench/shapMobileNet.ts) and
// `--pool-memory` (scripts/bench/poolMemory.ts, after `npm run build`) likewise.
for (const [flag, script] of [['--pool', 'pool.ts'], ['--stable', 'stable.ts'], ['--shap-mobilenet', 'shapMobileNet.ts'], ['--pool-memory', 'poolMemory.ts']]) {
  if (!process.argv.includes(flag)) continue;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/bench', script), ...process.argv.slice(2).filter((a) => a !== flag)], { stdio: 'inherit' });
  process.exit(await new Promise<number>((done) => child.on('exit', (code) => done(code ?? 1))));
}
const parsed = parseBenchArgs(process.argv.slice(2));
if ('error' in parsed) {
  console.error(parsed.error);
  process.exit(2);
}
const args: BenchArgs = parsed;
const flag = (name: 'no-build' | 'no-node') => (name === 'no-build' ? args.noBuild : args.noNode);
const opt = (name: 'out' | 'dist' | 'backends') => (name === 'backends' ? args.backends?.join(',') : args[name]);
const mode: Mode = args.mode;
const OUT = path.resolve(opt('out') ?? path.join(ROOT, 'bench/results.json'));
const DIST = path.resolve(opt('dist') ?? path.join(ROOT, 'bench/dist'));
const ALL: BackendName[] = ['wasm', 'cpu', 'webgl', 'webgpu'];
const BACKENDS = (opt('backends')?.split(',') as BackendName[] | undefined) ?? (mode === 'smoke' ? ['wasm', 'cpu'] : ALL);
const NODE_BACKENDS: ('cpu' | 'wasm')[] = flag('no-node') ? [] : mode === 'smoke' ? ['wasm'] : ['wasm', 'cpu'];

// Per-backend ceilings: a hung software adapter must not stall the run.
const BACKEND_TIMEOUT = { full: 9 * 60_000, quick: 3 * 60_000, smoke: 3 * 60_000 }[mode]; // smoke: 15 s here (cpu); room for a loaded machine
const NODE_TIMEOUT = { full: 12 * 60_000, quick: 3 * 60_000, smoke: 3 * 60_000 }[mode]; // smoke: 4 s here; room for a loaded machine
// Real-app loads: each timed one gives a cold start; the first ones then run LIME, then training.
const APP_PLAN: AppPlan = {
  full: { coldRuns: 5, warmup: 1, limeRuns: 3, trainRuns: 2, trainSeconds: 25 },
  quick: { coldRuns: 2, warmup: 0, limeRuns: 1, trainRuns: 1, trainSeconds: 10 },
  smoke: { coldRuns: 1, warmup: 0, limeRuns: 1, trainRuns: 1, trainSeconds: 4 },
}[mode];

const t0 = Date.now();
const log = (s: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${s}`);
const notes: string[] = [];

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms)))]).finally(() => clearTimeout(timer));
}

function failedRun(env: 'browser' | 'node', backend: BackendName, status: 'failed' | 'skipped', reason: string): BackendRun {
  return {
    env, backend, status, reason, models: [],
    memory: { status, reason, explanations: 0, method: 'gradcam' },
    training: { status, reason, trainer: 'trainClassifier' },
    notes: [], wallMs: 0,
  };
}

async function buildApp(): Promise<void> {
  if (flag('no-build')) {
    if (!fs.existsSync(path.join(DIST, 'bench.html'))) throw new Error(`--no-build: ${DIST}/bench.html is missing`);
    log(`reusing the build in ${path.relative(ROOT, DIST) || DIST}`);
    copyDicomFiles();
    return;
  }
  const s = Date.now();
  // The app's own vite.config.ts, with bench.html as a second entry and its own output folder, so the
  // app's build (dist/) is left as it is.
  await build({
    root: ROOT,
    logLevel: 'error',
    build: { outDir: DIST, emptyOutDir: true, rollupOptions: { input: { index: path.join(ROOT, 'index.html'), bench: path.join(ROOT, 'bench.html') } } },
  });
  log(`built the app and bench.html into ${path.relative(ROOT, DIST) || DIST} in ${((Date.now() - s) / 1000).toFixed(1)} s`);
  copyDicomFiles();
}

/** The DICOM files the bench worker times, served beside bench.html (fixtures/dicom/); absent ones are skipped. */
function copyDicomFiles(): void {
  const dir = path.join(DIST, 'fixtures', 'dicom');
  fs.mkdirSync(dir, { recursive: true });
  for (const f of dicomBenchFiles()) fs.copyFileSync(f.path, path.join(dir, f.name));
}

async function openBenchPage(browser: Awaited<ReturnType<typeof launch>>, url: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') log(`[bench page] ${m.text().split('\n')[0]}`);
  });
  page.on('pageerror', (e) => log(`[bench page error] ${String(e).split('\n')[0]}`));
  page.on('worker', (w) =>
    w.on('console', (m) => {
      const t = m.text();
      if (t.startsWith('[bench')) log(t);
      else if (m.type() === 'error') log(`[worker error] ${t.split('\n')[0].slice(0, 300)}`);
    }),
  );
  await page.goto(url + 'bench.html');
  await page.waitForSelector('html[data-bench-ready="true"]', { timeout: 60_000 });
  return page;
}

async function browserPart(): Promise<{ runs: BackendRun[]; cold: ColdStartResult; resp: ResponsivenessResult; ladder: LadderResult; chromium: string }> {
  const server = await serveDist(DIST);
  const browser = await launch();
  const chromium = browser.version();
  log(`Chromium ${chromium}, serving ${server.url}`);
  try {
    const { coldStart: cold, responsiveness: resp } = await appFigures(browser, server.url, APP_PLAN, log);

    let page = await openBenchPage(browser, server.url);
    let ladder: LadderResult;
    try {
      const l = await withTimeout(page.evaluate(() => (window as unknown as { glassboxBench: BenchPageApi }).glassboxBench.ladder()), 120_000, 'the ladder');
      const report: BackendReport = l.report;
      ladder = { status: 'ok', appPicked: cold.backends[0], workerPicked: report.active, chosenBy: report.chosenBy, probes: report.probes, ladderMs: l.ms };
      log(`ladder in a bench worker picked ${report.active} (${report.chosenBy}) in ${l.ms} ms; the app picked ${cold.backends[0] ?? '?'}`);
    } catch (e) {
      ladder = { status: cold.backends.length ? 'ok' : 'failed', reason: (e as Error).message.split('\n')[0], appPicked: cold.backends[0] };
    }

    const runs: BackendRun[] = [];
    for (const backend of ALL) {
      if (!BACKENDS.includes(backend)) {
        runs.push(failedRun('browser', backend, 'skipped', mode === 'smoke' ? '--smoke: wasm and cpu only' : 'not in --backends'));
        continue;
      }
      const plan: BackendPlan = browserPlan(backend, mode);
      log(`browser ${backend}: starting (${plan.notes.join('; ') || 'full plan'})`);
      try {
        const r = await withTimeout(
          page.evaluate((p) => (window as unknown as { glassboxBench: BenchPageApi }).glassboxBench.run(p), plan),
          BACKEND_TIMEOUT,
          `browser ${backend}`,
        );
        runs.push(r);
        log(`browser ${backend}: ${r.status}${r.reason ? ` (${r.reason})` : ''}${r.probe?.adapter ? `, adapter ${r.probe.adapter}` : ''} in ${Math.round(r.wallMs / 1000)} s`);
      } catch (e) {
        const reason = (e as Error).message.split('\n')[0];
        log(`browser ${backend}: failed: ${reason}`);
        runs.push(failedRun('browser', backend, 'failed', reason));
        // The worker may still be busy: start over with a fresh page.
        await page.context().close().catch(() => undefined);
        page = await openBenchPage(browser, server.url);
      }
    }
    return { runs, cold, resp, ladder, chromium };
  } finally {
    await browser.close().catch(() => undefined);
    await server.close();
  }
}

async function nodePart(): Promise<{ runs: BackendRun[]; tfjs?: string }> {
  if (!NODE_BACKENDS.length) return { runs: [] };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glassbox-bench-'));
  const plansFile = path.join(dir, 'plans.json');
  const outFile = path.join(dir, 'node.json');
  fs.writeFileSync(plansFile, JSON.stringify(NODE_BACKENDS.map((b) => nodePlan(b, mode))));
  log(`node: ${NODE_BACKENDS.join(', ')} in a child process`);
  // --expose-gc: the batch memory row (suite.ts batchMemoryRun) collects garbage before each heap reading.
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(ROOT, 'scripts/bench/node.ts'), plansFile, outFile], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const relay = (buf: Buffer) => {
    for (const line of buf.toString().split('\n')) {
      // tfjs's "install tfjs-node" banner is noise here: tfjs-node cannot install on these machines.
      if (!line.trim() || /tfjs-node|looks like you are running|^=+$/.test(line)) continue;
      log(line.length > 300 ? line.slice(0, 300) + '…' : line);
    }
  };
  child.stdout.on('data', relay);
  child.stderr.on('data', relay);
  try {
    const code = await withTimeout(new Promise<number | null>((resolve) => child.on('exit', resolve)), NODE_TIMEOUT, 'the Node run');
    if (code !== 0 || !fs.existsSync(outFile)) throw new Error(`the Node run exited with ${code}`);
    const r = JSON.parse(fs.readFileSync(outFile, 'utf8')) as { tfjs: string; runs: BackendRun[] };
    return r;
  } catch (e) {
    if (child.exitCode === null) child.kill('SIGKILL');
    const reason = (e as Error).message;
    log(`node: failed: ${reason}`);
    return { runs: NODE_BACKENDS.map((b) => failedRun('node', b, 'failed', reason)) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const startedAt = new Date().toISOString();
  const load0 = os.loadavg()[0];
  log(`mode ${mode}; browser backends ${BACKENDS.join(', ')}; node backends ${NODE_BACKENDS.join(', ') || 'none'}; load average ${load0.toFixed(2)} on ${os.cpus().length} cores`);
  await buildApp();
  const b = await browserPart();
  const n = await nodePart();
  const load1 = os.loadavg()[0];
  const tfjsVersion = n.tfjs ?? (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@tensorflow/tfjs/package.json'), 'utf8')) as { version: string }).version;
  if (mode !== 'full') notes.push(`--${mode}: reduced plan (see each backend's notes); use the full run for the README`);
  notes.push(`load average ${load0.toFixed(2)} at the start, ${load1.toFixed(2)} at the end (${os.cpus().length} cores): figures are noisy when other work shares the machine`);
  for (const r of [...b.runs, ...n.runs]) {
    for (const note of r.notes) notes.push(`${r.env} ${r.backend}: ${note}`);
    for (const m of r.models) for (const s of m.skipped) notes.push(`${r.env} ${r.backend} ${m.model}: left out ${s.what} (${s.reason})`);
  }
  const app = { coldStart: b.cold, responsiveness: b.resp, ladder: b.ladder };
  const results: BenchResults = {
    schema: SCHEMA,
    mode,
    startedAt,
    durationMs: Date.now() - t0,
    machine: {
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      cpus: os.cpus().length,
      memoryGB: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.version,
      chromium: b.chromium,
      tfjs: tfjsVersion,
      gpu: b.runs.find((r) => r.backend === 'webgpu')?.probe?.adapter ?? 'none reported',
    },
    notes,
    figures: buildFigures(b.runs, n.runs, app),
    browser: b.runs,
    node: n.runs,
    app,
  };
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, JSON.stringify(results, null, 2) + '\n');
  console.log('\n' + printResults(results));
  const problems = checkResults(results);
  console.log(`wrote ${path.relative(process.cwd(), OUT) || OUT}; ${mode} run took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  if (problems.length) {
    console.error(`incomplete results:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
}

(args.peer
  ? runPeer({ out: OUT, quick: mode === 'quick', threads: args.peerThreads, reps: args.peerReps, log })
  : args.wasmThreads
    ? runWasmThreads({ out: OUT, dist: DIST, reps: mode === 'quick' ? 2 : 5, build: buildApp, log })
    : main()
).then(
  () => process.exit(process.exitCode ?? 0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
