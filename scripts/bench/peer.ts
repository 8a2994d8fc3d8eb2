// `npm run bench -- --peer`: Glassbox side by side with the Python tools people would otherwise use, on
// the same model, image and machine (issue 15 §3). Glassbox runs in this process (the core on tfjs wasm in
// Node, one engine = one thread: scripts/bench/peerGlassbox.ts); the peer is Debian's python3 with torch,
// skimage and sklearn (scripts/bench/peer/peer.py, one long-lived process). Every item is timed
// Glassbox, peer, Glassbox, peer... (interleaved, so both see the same load), several repetitions after a
// warm-up, medians; the peer runs at each thread count asked (default: 1 and every core). The rows go into
// the `peer` section of the results file; the rest of that file is kept.

import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from '../../e2e/harness';
import { SCHEMA } from './figures';
import { peerPlan } from './peerLayout';
import { applyOutputCheck, MAX_OUTPUT_DIFF, mergePeer, peerRow, peerTable, type PeerRow, type PeerSection } from './peerRows';

export interface PeerOptions {
  out: string;
  quick: boolean;
  threads?: number[];
  reps?: number;
  log(message: string): void;
}

/** Debian's interpreter (not a pyenv shim): the one apt-get's python3-* packages install into. */
const PYTHON = process.env.GLASSBOX_PYTHON ?? '/usr/bin/python3';
const PACKAGES = ['python3-numpy', 'python3-torch', 'python3-skimage', 'python3-sklearn'];
const MODULES = 'import numpy, torch, skimage, sklearn';

function pythonReady(): { ok: boolean; why?: string } {
  if (!fs.existsSync(PYTHON)) return { ok: false, why: `no Python at ${PYTHON} (set GLASSBOX_PYTHON, or apt-get install -y python3)` };
  const r = spawnSync(PYTHON, ['-c', MODULES], { encoding: 'utf8' });
  return r.status === 0 ? { ok: true } : { ok: false, why: (r.stderr || '').trim().split('\n').pop() };
}

/** Installs the Debian packages when we may (root, or sudo without a password); otherwise says how. */
function ensurePython(log: (m: string) => void): { ok: boolean; why?: string } {
  let r = pythonReady();
  if (r.ok) return r;
  if (!fs.existsSync(PYTHON)) return r;
  const root = process.getuid?.() === 0;
  const sudo = !root && spawnSync('sudo', ['-n', 'true']).status === 0;
  const cmd = `apt-get install -y ${PACKAGES.join(' ')}`;
  if (!root && !sudo) return { ok: false, why: `${r.why}; install them with: sudo apt-get update && sudo ${cmd}` };
  log(`the peer needs ${PACKAGES.join(', ')} (${r.why}): running ${sudo ? 'sudo ' : ''}apt-get (this takes minutes)`);
  const pre = sudo ? ['sudo', '-n'] : [];
  for (const args of [['apt-get', 'update', '-q'], ['apt-get', 'install', '-y', '-q', ...PACKAGES]]) {
    const full = [...pre, ...args];
    const x = spawnSync(full[0], full.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (x.status !== 0) return { ok: false, why: `${full.join(' ')} exited with ${x.status}` };
  }
  r = pythonReady();
  return r.ok ? r : { ok: false, why: `still missing after apt-get: ${r.why}` };
}

interface PeerReply {
  ok: boolean;
  error?: string;
  ms?: number;
  [k: string]: unknown;
}

class PeerProcess {
  private child: ChildProcessWithoutNullStreams;
  private lines: AsyncIterator<string>;
  stderr = '';

  constructor() {
    // PASSIVE: idle OpenMP threads sleep instead of spinning, which on a shared 2-core machine otherwise
    // makes torch at 2 threads 10-50x slower (docs/DESIGN facts).
    this.child = spawn(PYTHON, [path.join(ROOT, 'scripts/bench/peer/peer.py')], { cwd: ROOT, env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' } });
    this.child.stderr.on('data', (d) => (this.stderr = (this.stderr + String(d)).slice(-4000)));
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  async ask(msg: Record<string, unknown>): Promise<PeerReply> {
    this.child.stdin.write(JSON.stringify(msg) + '\n');
    const next = await this.lines.next();
    if (next.done) throw new Error(`the Python peer exited: ${this.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    const reply = JSON.parse(next.value) as PeerReply;
    if (!reply.ok) throw new Error(`peer ${String(msg.cmd)}: ${reply.error}`);
    return reply;
  }

  close(): void {
    this.child.stdin.end();
    setTimeout(() => this.child.kill(), 2000).unref();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Runs the comparison and writes the `peer` section; never throws for a missing Python (it skips). */
export async function runPeer(o: PeerOptions): Promise<void> {
  const t0 = Date.now();
  const startedAt = new Date().toISOString();
  const cores = os.cpus().length;
  const threads = o.threads ?? [...new Set([1, cores])];
  const reps = o.reps ?? (o.quick ? 3 : 7);
  const samples = 1000;
  const load0 = os.loadavg()[0];
  const notes: string[] = [];
  const write = (section: PeerSection) => {
    const existing = fs.existsSync(o.out) ? (JSON.parse(fs.readFileSync(o.out, 'utf8')) as unknown) : undefined;
    fs.mkdirSync(path.dirname(o.out), { recursive: true });
    fs.writeFileSync(o.out, JSON.stringify(mergePeer(existing, section, SCHEMA), null, 2) + '\n');
    console.log('\n' + peerTable(section));
    console.log(`wrote the peer section of ${path.relative(process.cwd(), o.out) || o.out}; took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  };
  o.log(`peer: ${reps} interleaved repetitions, peer threads ${threads.join(' and ')}; load average ${load0.toFixed(2)} on ${cores} cores`);

  const ready = ensurePython(o.log);
  if (!ready.ok) {
    o.log(`peer: skipped: ${ready.why}`);
    write({ status: 'skipped', reason: `no Python peer here: ${ready.why}`, startedAt, cores, notes, rows: [] });
    return;
  }

  const { glassboxSide } = await import('./peerGlassbox');
  const gb = await glassboxSide();
  const demoDir = path.join(ROOT, 'public/models/demo');
  const plan = peerPlan(JSON.parse(fs.readFileSync(path.join(demoDir, 'model.json'), 'utf8')));
  const peer = new PeerProcess();
  try {
    const slicRgb = new Float32Array(gb.slicImage.width * gb.slicImage.height * 3);
    for (let p = 0; p < gb.slicImage.width * gb.slicImage.height; p++) for (let k = 0; k < 3; k++) slicRgb[p * 3 + k] = gb.slicImage.data[p * 4 + k] / 255;
    const setup = await peer.ask({
      cmd: 'setup', plan, dir: demoDir, shape: gb.shape, image: Array.from(gb.values), target: gb.target,
      check: { count: gb.check.count, inputs: Array.from(gb.check.inputs), probs: Array.from(gb.check.probs) },
      slicShape: [gb.slicImage.height, gb.slicImage.width], slicImage: Array.from(slicRgb), slicOptions: { segments: 50, compactness: 10, maxIterations: 10 },
    });
    const maxDiff = setup.maxDiff as number;
    const versions = { python: String(setup.python), torch: String(setup.torch), numpy: String(setup.numpy), skimage: String(setup.skimage), sklearn: String(setup.sklearn), tfjs: (await import('@tensorflow/tfjs')).version.tfjs, node: process.version };
    o.log(`peer: the converted model's probabilities differ from Glassbox's by at most ${maxDiff.toExponential(2)} over ${setup.checked} inputs (limit ${MAX_OUTPUT_DIFF})`);
    notes.push(
      `Glassbox: the core in Node on tfjs ${gb.backend} (one engine, 1 thread; the "every core" row adds ${cores - 1} helper engine(s)), LIME at its own defaults (SLIC superpixels, blurred hiding, 1000 samples, engine batch ${gb.engineBatch}); ` +
        `peer: lime_image's algorithm at lime's defaults (quickshift, mean-colour hiding, 1000 samples, Ridge), reimplemented in scripts/bench/peer/peer.py (the lime package is not installable here: no PyPI), OMP_WAIT_POLICY=PASSIVE`,
    );

    // Warm both sides once per item (the pooled row's first call also starts its helper engines).
    await gb.lime(samples);
    if (cores > 1) await gb.limePooled(samples, cores - 1);
    await peer.ask({ cmd: 'threads', n: threads[0] });
    await peer.ask({ cmd: 'lime', batch: 10, samples });
    await gb.gradcam();
    await peer.ask({ cmd: 'gradcam', layer: plan.lastConv });
    gb.slic();
    await peer.ask({ cmd: 'slic' });

    const rows: PeerRow[] = [];
    const batches = [1, 10, 32, 64, 100, 200];
    // The best batch: the lowest time per pass over 200 passes, median of 3 runs.
    const bestOf = async (run: (b: number) => Promise<number>) => {
      let best = { batch: batches[0], ms: Infinity };
      for (const b of batches) {
        const xs = [await run(b), await run(b), await run(b)];
        const m = median(xs) / (Math.floor(200 / b) * b);
        if (m < best.ms) best = { batch: b, ms: m };
      }
      return best.batch;
    };
    const gbBatch = await bestOf(async (b) => (await gb.forward(b, 200)).ms);
    o.log(`peer: Glassbox's best forward batch: ${gbBatch}`);

    for (const T of threads) {
      const set = await peer.ask({ cmd: 'threads', n: T });
      const pt = Number(set.threads);
      const peerBatch = await bestOf(async (b) => (await peer.ask({ cmd: 'forward', batch: b, total: 200 })).ms!);
      o.log(`peer: torch at ${pt} thread(s); its best forward batch: ${peerBatch}`);
      const items: { item: string; detail: string; glassboxThreads?: number; g: () => Promise<number>; p: () => Promise<number> }[] = [
        { item: 'LIME, 1000 samples (lime\'s batch 10)', detail: 'whole explanation: superpixels, 1000 forward passes, regression', g: async () => (await gb.lime(samples)).ms, p: async () => (await peer.ask({ cmd: 'lime', batch: 10, samples })).ms! },
        ...(cores > 1
          ? [{ item: `LIME, 1000 samples, Glassbox on every core (${cores} engines)`, detail: `Glassbox's batches spread over its engine and ${cores - 1} helper engine(s) (worker_threads; the browser's pool code), the same map bit for bit; peer as in the first row`, glassboxThreads: cores, g: async () => (await gb.limePooled(samples, cores - 1)).ms, p: async () => (await peer.ask({ cmd: 'lime', batch: 10, samples })).ms! }]
          : []),
        { item: 'LIME, 1000 samples (peer at batch 100)', detail: `the peer's classifier_fn called with batch_size=100; Glassbox unchanged (batch ${gb.engineBatch})`, g: async () => (await gb.lime(samples)).ms, p: async () => (await peer.ask({ cmd: 'lime', batch: 100, samples })).ms! },
        { item: '1000 forward passes, best batch', detail: `Glassbox batch ${gbBatch}, peer batch ${peerBatch} (best of ${batches.join(', ')}); softmax and the target's probability read back`, g: async () => (await gb.forward(gbBatch, 1000)).ms, p: async () => (await peer.ask({ cmd: 'forward', batch: peerBatch, total: 1000 })).ms! },
        // Short items: the mean of 10 calls per repetition, so timer noise does not dominate.
        { item: 'Grad-CAM', detail: `one image, layer ${plan.lastConv}, upsampled to the input; mean of 10 calls per run`, g: async () => { let s = 0; for (let i = 0; i < 10; i++) s += (await gb.gradcam()).ms; return s / 10; }, p: async () => { let s = 0; for (let i = 0; i < 10; i++) s += (await peer.ask({ cmd: 'gradcam', layer: plan.lastConv })).ms!; return s / 10; } },
        { item: 'SLIC, 224x224', detail: "50 segments, compactness 10, 10 iterations (skimage's slic); mean of 3 calls per run", g: async () => { let s = 0; for (let i = 0; i < 3; i++) s += gb.slic().ms; return s / 3; }, p: async () => { let s = 0; for (let i = 0; i < 3; i++) s += (await peer.ask({ cmd: 'slic' })).ms!; return s / 3; } },
      ];
      for (const it of items) {
        const g: number[] = [];
        const p: number[] = [];
        let failure: string | undefined;
        try {
          for (let r = 0; r < reps; r++) {
            // Alternate who goes first, so neither side always follows the other's cache and heat.
            if (r % 2 === 0) {
              g.push(await it.g());
              p.push(await it.p());
            } else {
              p.push(await it.p());
              g.push(await it.g());
            }
          }
        } catch (e) {
          failure = (e as Error).message.split('\n')[0];
        }
        const row = peerRow(it.item, g, p, { glassbox: it.glassboxThreads ?? 1, peer: pt }, it.detail, failure);
        o.log(`peer: ${row.item} [peer ${pt} thread(s)]: Glassbox ${row.glassboxMs?.toFixed(1) ?? '-'} ms, peer ${row.peerMs?.toFixed(1) ?? '-'} ms, ratio ${row.ratio ?? '-'}`);
        rows.push(row);
      }
    }
    const load1 = os.loadavg()[0];
    const checked = applyOutputCheck(rows, maxDiff);
    write({
      status: checked.some((r) => r.status === 'ok') ? 'ok' : 'failed',
      ...(maxDiff > MAX_OUTPUT_DIFF ? { reason: checked[0]?.detail } : {}),
      startedAt, durationMs: Date.now() - t0, loadAverage: { start: load0, end: load1 }, cores,
      outputCheck: { maxDiff, inputs: Number(setup.checked), limit: MAX_OUTPUT_DIFF },
      versions, notes, rows: checked,
    });
  } catch (e) {
    const reason = (e as Error).message.split('\n')[0];
    o.log(`peer: failed: ${reason}`);
    write({ status: 'failed', reason, startedAt, cores, notes, rows: [] });
    process.exitCode = 1;
  } finally {
    peer.close();
    gb.dispose();
  }
}
