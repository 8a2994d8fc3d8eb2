// The measurements themselves, on whatever tfjs backend is active: in the bench worker (one fresh
// worker per backend) and in Node alike. Uses src/core exactly as the app's engine does: the same
// executor (runModel), the same methods through the registry, the same trainer.
//
// Per-pass costs are measured the way the methods spend them: upload a batch from a JS array, run the
// model to the logits (softmax + the target's column for forward passes; the gradient of the target
// logit with respect to the input, summed over the batch, for forward+backward passes), and read the
// result back. So the ideal cost of a method is (its passes) x (the best per-image cost measured here).

import * as tf from '@tensorflow/tfjs';
import type { BackendProbe, OptionValues } from '../shared/types';
import { batchSizeFor } from '../core/explain/batching';
import { getMethod } from '../core/explain/registry';
import type { ExplainContext, ExplainMethod } from '../core/explain/types';
import { validateOptions } from '../core/explain/types';
import { disposeModel, runModel } from '../core/model/graph';
import { LoadedModel } from '../core/model/loaded';
import { DEFAULT_TRAIN_SETTINGS, trainClassifier } from '../core/model/train';
import { SPLIT_SEEDS, SYNTHETIC_LABELS, syntheticDataset, syntheticSample } from '../core/data/synthetic';
import { mobileNetLike, mobileNetLikeMetadata } from './mobilenet';
import { ClinicalView, openClinical } from '../core/image/clinical';
import { decodeDicom } from '../core/image/dicom';
import { passesOf, passFactsOf, type PassFacts } from './passes';
import { errorText, measure, round, stat } from './stats';
import { DEFAULT_BATCH_FIGURES } from '../shared/batch';
import { explainWithFigures } from '../core/metrics/imageFigures';
import type {
  BackendPlan, BackendRun, BatchMemoryRun, BatchTiming, DicomDecodeFigure, DicomDecodeRun, MemoryRun, MemorySnapshot, MethodPlan, MethodRun, ModelPlan, ModelRun, NaiveLimeRun, PassFigure, TrainingRun, TrainingPlan,
} from './types';

export interface SuiteEnv {
  env: 'browser' | 'node';
  loadDemo(): Promise<LoadedModel>;
  log(message: string): void;
  probe?: BackendProbe;
  /** DICOM files to time (a 512x512 CT, a multi-frame ultrasound); absent: no DICOM figure in this run. */
  dicomFiles?: () => Promise<{ name: string; bytes: Uint8Array }[]>;
}

interface Subject {
  m: LoadedModel;
  input: tf.Tensor4D;
  values: Float32Array;
  target: number;
}

const noop = () => undefined;

async function subject(which: ModelPlan['model'], env: SuiteEnv): Promise<Subject> {
  const m = which === 'demo' ? await env.loadDemo() : new LoadedModel(mobileNetLike(), mobileNetLikeMetadata());
  const size = m.meta.preprocessing.width;
  // A demo-gallery-like image: a synthetic lesion the demo model never trained on.
  const img = syntheticSample(SPLIT_SEEDS.gallery, 1, { size, label: 1 }).image;
  const input = m.inputTensor(img);
  const probs = await m.probabilities(input);
  let target = 0;
  probs.forEach((p, i) => {
    if (p > probs[target]) target = i;
  });
  return { m, input, values: (await input.data()) as Float32Array, target };
}

function repeated(values: Float32Array, batch: number): Float32Array {
  const out = new Float32Array(values.length * batch);
  for (let b = 0; b < batch; b++) out.set(values, b * values.length);
  return out;
}

async function forwardOnce(s: Subject, buf: Float32Array, batch: number): Promise<void> {
  const [, H, W, C] = s.input.shape;
  const y = tf.tidy(() => {
    const x = tf.tensor4d(buf, [batch, H, W, C]);
    const out = tf.softmax(runModel(s.m.model, x, { logits: true }).output as tf.Tensor2D);
    return tf.slice(out, [0, s.target], [batch, 1]);
  });
  await y.data();
  y.dispose();
}

async function gradientOnce(s: Subject, buf: Float32Array, batch: number): Promise<void> {
  const [, H, W, C] = s.input.shape;
  const [g, v] = tf.tidy(() => {
    const x = tf.tensor4d(buf, [batch, H, W, C]);
    const { value, grad } = tf.valueAndGrad((inp: tf.Tensor4D) => {
      const out = runModel(s.m.model, inp, { logits: true }).output as tf.Tensor2D;
      return tf.reshape(tf.slice(out, [0, s.target], [batch, 1]), [batch]) as tf.Tensor1D;
    })(x);
    return [tf.sum(grad, 0), value];
  });
  await Promise.all([g.data(), v.data()]);
  g.dispose();
  v.dispose();
}

async function passFigure(s: Subject, p: ModelPlan, batches: number[], once: typeof forwardOnce, label: string, env: SuiteEnv): Promise<PassFigure> {
  const byBatch: BatchTiming[] = [];
  const failures: string[] = [];
  for (const batch of batches) {
    const buf = repeated(s.values, batch);
    try {
      const ms = await measure(() => once(s, buf, batch), { warmup: 1, reps: p.reps, minReps: p.minReps, budgetMs: p.budgetMs });
      byBatch.push({ batch, ms, imagesPerSec: round((batch * 1000) / ms.median), msPerImage: round(ms.median / batch) });
      env.log(`${p.model} ${label} batch ${batch}: ${ms.median} ms (${ms.runs} runs)`);
    } catch (e) {
      failures.push(`batch ${batch}: ${errorText(e)}`);
      env.log(`${p.model} ${label} batch ${batch} failed: ${errorText(e)}`);
      break; // larger batches fail the same way, or run out of memory
    }
  }
  if (!byBatch.length) return { status: batches.length ? 'failed' : 'skipped', reason: failures[0] ?? 'not in the plan', byBatch };
  const best = byBatch.reduce((a, b) => (b.msPerImage < a.msPerImage ? b : a));
  return {
    status: 'ok',
    ...(failures.length ? { reason: failures.join('; ') } : {}),
    byBatch,
    best: { batch: best.batch, msPerImage: best.msPerImage, imagesPerSec: best.imagesPerSec },
  };
}

function ctxFor(s: Subject, batchSize: number): ExplainContext {
  // The app passes a progress callback too; some methods do extra work (running estimates) when one is set.
  return { model: s.m.model, info: s.m.info, preprocessing: s.m.meta.preprocessing, batchSize, onProgress: noop };
}

function lookup(id: string): ExplainMethod | null {
  try {
    return getMethod(id);
  } catch {
    return null;
  }
}

async function methodRun(s: Subject, p: ModelPlan, mp: MethodPlan, fwd: PassFigure, grad: PassFigure, env: SuiteEnv, batchOverride?: number): Promise<{ run: MethodRun; meta?: PassFacts }> {
  const method = lookup(mp.id);
  const base: MethodRun = { id: mp.id, label: method?.label ?? mp.id, status: 'skipped', options: mp.options ?? {}, batchSize: 1, target: s.target, ...(mp.reduced ? { reduced: mp.reduced } : {}) };
  if (!method) return { run: { ...base, reason: `no method "${mp.id}" in the registry` } };
  if (!method.isCompatible(s.m.info)) return { run: { ...base, reason: `${method.label} is not compatible with this model` } };
  if (method.kind === 'gradient' && grad.status !== 'ok') return { run: { ...base, status: 'failed', reason: `no forward+backward pass on this backend: ${grad.reason ?? ''}` } };
  // The batch size the engine gives methods on this backend (src/worker/engine.ts), so the figure is what the app pays.
  const batchSize = batchOverride ?? batchSizeFor(tf.getBackend(), s.input.size);
  const bestBatch = method.kind === 'gradient' ? grad.best?.batch : method.kind === 'perturbation' ? fwd.best?.batch : 1;
  let opts: OptionValues;
  let warmOpts: OptionValues;
  try {
    opts = validateOptions(method, mp.options ?? {});
    warmOpts = validateOptions(method, mp.warmupOptions ?? mp.options ?? {});
  } catch (e) {
    return { run: { ...base, status: 'failed', reason: errorText(e) } };
  }
  const ctx = ctxFor(s, batchSize);
  let meta: PassFacts | undefined;
  try {
    const ms = await measure(
      async () => {
        meta = passFactsOf(await method.explain(ctx, s.input, s.target, opts as never));
      },
      { warmupFn: () => method.explain(ctx, s.input, s.target, warmOpts as never), reps: p.reps, minReps: p.minReps, budgetMs: p.budgetMs },
    );
    const run: MethodRun = { ...base, status: 'ok', batchSize, ...(bestBatch !== undefined ? { bestBatch } : {}), ms };
    if (meta) {
      const passes = passesOf(method.id, meta, opts);
      const perGrad = passes.singleImage ? grad.byBatch.find((b) => b.batch === 1)?.msPerImage : grad.best?.msPerImage;
      const perFwd = fwd.best?.msPerImage;
      const ideal = (passes.forward ? passes.forward * (perFwd ?? NaN) : 0) + (passes.gradient ? passes.gradient * (perGrad ?? NaN) : 0);
      run.passes = { forward: passes.forward, gradient: passes.gradient, how: passes.how };
      if (Number.isFinite(ideal) && ideal > 0) {
        run.idealMs = round(ideal);
        run.overhead = round(ms.median / ideal);
      } else {
        const missing = passes.gradient > 0 && perGrad === undefined ? grad : fwd;
        run.reason = `no per-pass cost to compare with: ${missing.reason ?? 'not measured in this plan'}`;
      }
    }
    env.log(`${p.model} ${method.label}${batchOverride === 1 ? ' (naive, batch 1)' : ''}: ${ms.median} ms, overhead ${run.overhead ?? '-'}`);
    return { run, meta };
  } catch (e) {
    env.log(`${p.model} ${method.label} failed: ${errorText(e)}`);
    return { run: { ...base, status: 'failed', batchSize, reason: errorText(e) } };
  }
}

async function naiveLime(s: Subject, p: ModelPlan, methods: MethodRun[], fwd: PassFigure, grad: PassFigure, env: SuiteEnv): Promise<NaiveLimeRun> {
  const limePlan = p.methods.find((m) => m.id === 'lime');
  const real = methods.find((m) => m.id === 'lime');
  const samples = Number(limePlan?.options?.samples ?? lookup('lime')?.defaultOptions.samples ?? 1000);
  if (!p.naiveLime || !limePlan) return { status: 'skipped', reason: 'not in the plan for this backend', samples };
  if (!real || real.status !== 'ok' || !real.ms) return { status: 'failed', reason: `LIME itself did not run: ${real?.reason ?? ''}`, samples };
  const { run } = await methodRun(s, p, limePlan, fwd, grad, env, 1);
  if (run.status !== 'ok' || !run.ms) return { status: run.status, reason: run.reason, samples };
  return { status: 'ok', samples, naiveMs: run.ms, batchedMs: real.ms, batchSize: real.batchSize, speedup: round(run.ms.median / real.ms.median) };
}

async function modelRun(p: ModelPlan, env: SuiteEnv, memory?: (s: Subject) => Promise<MemoryRun>): Promise<{ run: ModelRun; memory?: MemoryRun }> {
  const s = await subject(p.model, env);
  try {
    const shape = s.input.shape as number[];
    env.log(`${p.model}: ${s.m.meta.name}, input ${shape.join('x')}, ${s.m.model.countParams()} params, target class ${s.target}`);
    const forward = await passFigure(s, p, p.forwardBatches, forwardOnce, 'forward', env);
    const gradient = await passFigure(s, p, p.gradientBatches, gradientOnce, 'forward+backward', env);
    const methods: MethodRun[] = [];
    for (const mp of p.methods) methods.push((await methodRun(s, p, mp, forward, gradient, env)).run);
    const naive = await naiveLime(s, p, methods, forward, gradient, env);
    const mem = memory ? await memory(s) : undefined;
    return {
      run: { model: p.model, name: s.m.meta.name, inputShape: shape, params: s.m.model.countParams(), forward, gradient, methods, naiveLime: naive, skipped: p.skipped },
      memory: mem,
    };
  } finally {
    s.input.dispose();
    s.m.dispose();
  }
}

function snapshot(): MemorySnapshot {
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number; numBytesInGPUAllocated?: number; numBytesAllocatedInGPU?: number };
  const gpuAllocated = m.numBytesInGPUAllocated ?? m.numBytesAllocatedInGPU;
  return {
    numTensors: m.numTensors,
    numBytes: m.numBytes,
    ...(m.numBytesInGPU !== undefined ? { gpuBytes: m.numBytesInGPU } : {}),
    ...(gpuAllocated !== undefined ? { gpuAllocatedBytes: gpuAllocated } : {}),
  };
}

/** Memory before and after `count` Grad-CAM explanations (after one warm-up), and the peak. */
async function memoryRun(s: Subject, count: number, note: string | undefined, env: SuiteEnv): Promise<MemoryRun> {
  const method = lookup('gradcam');
  const base: MemoryRun = { status: 'skipped', explanations: count, method: 'gradcam', ...(note ? { note } : {}) };
  if (!method) return { ...base, reason: 'no gradcam in the registry' };
  try {
    const ctx = ctxFor(s, 1);
    const opts = validateOptions(method, {});
    const once = () => method.explain(ctx, s.input, s.target, opts as never);
    await once();
    const before = snapshot();
    // tf.profile records the total bytes after every kernel: the true peak of one explanation.
    const prof = await tf.profile(async () => {
      await once();
    });
    let peakBytes = prof.peakBytes;
    let peakTensors = Math.max(...prof.kernels.map((k) => k.totalTensorsSnapshot), before.numTensors);
    for (let i = 1; i < count; i++) {
      await once();
      const m = tf.memory();
      peakBytes = Math.max(peakBytes, m.numBytes);
      peakTensors = Math.max(peakTensors, m.numTensors);
    }
    const after = snapshot();
    env.log(`memory: ${before.numTensors} -> ${after.numTensors} tensors, ${before.numBytes} -> ${after.numBytes} bytes, peak ${peakBytes} bytes after ${count} Grad-CAMs`);
    return { ...base, status: 'ok', before, after, peakBytes, peakTensors };
  } catch (e) {
    return { ...base, status: 'failed', reason: errorText(e) };
  }
}

// ── Batch memory (issue 13 "Batch"): does memory stay flat over hundreds of images?

/** Live JS heap, bytes, after a gc() where the runtime exposes one (node --expose-gc; Chromium --js-flags=--expose-gc). */
function heapNow(): { bytes?: number; source: string } {
  const g = globalThis as { gc?: () => void; process?: { memoryUsage?: () => { heapUsed: number } }; performance?: { memory?: { usedJSHeapSize: number } } };
  const collected = typeof g.gc === 'function';
  g.gc?.();
  const suffix = collected ? ', after gc()' : ', no gc() exposed (garbage not yet collected counts)';
  if (g.process?.memoryUsage) return { bytes: g.process.memoryUsage().heapUsed, source: `process.memoryUsage().heapUsed${suffix}` };
  if (g.performance?.memory) return { bytes: g.performance.memory.usedJSHeapSize, source: `performance.memory.usedJSHeapSize${suffix}` };
  return { source: 'no JS heap figure in this runtime' };
}

/**
 * `n` synthetic demo-gallery-like images (64 px, the three classes in turn) through the batch's per-image
 * work with Grad-CAM and the batch's deletion figures (DEFAULT_BATCH_FIGURES), keeping each image's
 * figures only, as worker/batch.ts does. Tensors, tensor bytes and JS heap after one warm-up image, after
 * n/2 and after n images; growth per image over the second half. `dispose`: the model is the run's own.
 */
export async function batchMemoryRun(m: LoadedModel, n: number, env: SuiteEnv, dispose = false): Promise<BatchMemoryRun> {
  const base: BatchMemoryRun = { status: 'skipped', images: n, method: 'gradcam' };
  const method = lookup('gradcam');
  try {
    if (!method) return { ...base, reason: 'no gradcam in the registry' };
    if (n < 2) return { ...base, reason: 'needs at least 2 images' };
    const opts = validateOptions(method, {});
    const size = m.meta.preprocessing.width;
    const rows: { top: number; auc: number; randomAuc: number }[] = [];
    const one = async (k: number) => {
      const img = syntheticSample(SPLIT_SEEDS.gallery, 1000 + k, { size, label: k % SYNTHETIC_LABELS.length }).image;
      const x = m.inputTensor(img);
      try {
        const batchSize = Math.min(batchSizeFor(tf.getBackend(), x.size), m.maxBatch);
        const f = await explainWithFigures(m, { model: m.model, info: m.info, preprocessing: m.meta.preprocessing, batchSize }, x, method, opts, DEFAULT_BATCH_FIGURES);
        rows.push({ top: f.top, auc: f.deletion?.curve.auc ?? NaN, randomAuc: f.deletion?.random?.auc ?? NaN });
      } finally {
        x.dispose();
      }
    };
    const snap = () => {
      const h = heapNow();
      return { ...snapshot(), ...(h.bytes !== undefined ? { heapBytes: h.bytes } : {}), source: h.source };
    };
    await one(-1);
    const { source, ...before } = snap();
    const t0 = performance.now();
    const halfAt = Math.floor(n / 2);
    let half = before;
    for (let k = 0; k < n; k++) {
      await one(k);
      if (k + 1 === halfAt) half = (({ source: _s, ...h }) => h)(snap());
    }
    const ms = Math.round(performance.now() - t0);
    const { source: _s2, ...after } = snap();
    const span = n - halfAt;
    const perImage = {
      tensors: round((after.numTensors - half.numTensors) / span),
      bytes: round((after.numBytes - half.numBytes) / span),
      ...(after.heapBytes !== undefined && half.heapBytes !== undefined ? { heapBytes: round((after.heapBytes - half.heapBytes) / span) } : {}),
    };
    env.log(`batch memory: ${n} images, tensors ${before.numTensors} -> ${after.numTensors}, bytes ${before.numBytes} -> ${after.numBytes}, heap per image ${perImage.heapBytes ?? '-'} B (${source}); ${rows.length} rows in ${ms} ms`);
    return { ...base, status: 'ok', before, half, after, perImage, heapSource: source, ms };
  } catch (e) {
    return { ...base, status: 'failed', reason: errorText(e) };
  } finally {
    if (dispose) m.dispose();
  }
}

/**
 * The trainer with its default settings (DEFAULT_TRAIN_SETTINGS) on the synthetic dataset, for fewer
 * epochs and images than a real session so the figure is quick: throughput does not depend on either.
 */
async function trainingRun(plan: TrainingPlan, env: SuiteEnv): Promise<TrainingRun> {
  const trainer = 'trainClassifier (src/core/model/train.ts), DEFAULT_TRAIN_SETTINGS';
  const samples = syntheticDataset(SPLIT_SEEDS.train, plan.samples, { size: DEFAULT_TRAIN_SETTINGS.inputSize }).map((x) => ({ image: x.image, label: x.label }));
  // (batch index within its epoch, ms) of each batch whose start is known.
  const timedBatches: { batch: number; ms: number }[] = [];
  let last = -1;
  let afterEpoch = false;
  let batches = 0;
  try {
    const before = tf.memory().numTensors;
    const r = await trainClassifier({
      labels: [...SYNTHETIC_LABELS],
      samples,
      settings: { epochs: plan.epochs, earlyStopping: null },
      onProgress: (p) => {
        const now = performance.now();
        if (p.phase === 'batch') {
          // A batch that follows an epoch's validation pass would include it: leave those out.
          if (last >= 0 && !afterEpoch) timedBatches.push({ batch: p.batch, ms: now - last });
          afterEpoch = false;
          batches++;
        } else afterEpoch = true;
        last = now;
      },
    });
    disposeModel(r.model);
    const bs = r.report.settings.batchSize;
    const n = r.report.trainIndices.length;
    // The first batch's start is not seen, so warm-up batch 1 is always left out; the epoch's last batch may be short.
    const timed = timedBatches.slice(Math.max(0, plan.warmupBatches - 1));
    const ips = stat(timed.map((t) => (Math.min(bs, n - (t.batch - 1) * bs) * 1000) / t.ms));
    env.log(`training: ${ips.median} images/s per batch (median of ${ips.runs}), ${round(r.report.imagesPerSec)} overall; tensors ${before} -> ${tf.memory().numTensors}`);
    return {
      status: timed.length ? 'ok' : 'failed',
      ...(timed.length ? {} : { reason: 'too few batches to time' }),
      note: plan.note,
      imagesPerSec: ips,
      overallImagesPerSec: round(r.report.imagesPerSec),
      batches,
      batchSize: bs,
      epochs: plan.epochs,
      samples: plan.samples,
      trainer,
    };
  } catch (e) {
    env.log(`training failed: ${errorText(e)}`);
    return { status: 'failed', reason: errorText(e), trainer, samples: plan.samples, epochs: plan.epochs };
  }
}

export async function runBackendPlan(plan: BackendPlan, env: SuiteEnv): Promise<BackendRun> {
  const t0 = performance.now();
  const active = tf.getBackend();
  const run: BackendRun = {
    env: env.env,
    backend: plan.backend,
    status: 'ok',
    ...(env.probe ? { probe: env.probe } : {}),
    active,
    models: [],
    memory: { status: 'skipped', explanations: plan.memoryExplanations, method: 'gradcam', reason: 'not in the plan for this backend' },
    training: { status: 'skipped', reason: plan.trainingSkipReason ?? 'not in the plan for this backend', trainer: 'trainClassifier' },
    notes: [...plan.notes],
    wallMs: 0,
  };
  if (active !== plan.backend) {
    return { ...run, status: 'failed', reason: `tfjs is on '${active}', not '${plan.backend}'` };
  }
  for (const mp of plan.models) {
    try {
      const wantMemory = mp.model === 'demo' && plan.memoryExplanations > 0;
      const r = await modelRun(mp, env, wantMemory ? (s) => memoryRun(s, plan.memoryExplanations, plan.memoryNote, env) : undefined);
      run.models.push(r.run);
      if (r.memory) run.memory = r.memory;
    } catch (e) {
      env.log(`${mp.model} failed: ${errorText(e)}`);
      const failed: PassFigure = { status: 'failed', reason: errorText(e), byBatch: [] };
      run.models.push({ model: mp.model, name: mp.model, inputShape: [], params: 0, forward: failed, gradient: failed, methods: [], naiveLime: { status: 'failed', reason: errorText(e), samples: 0 }, skipped: mp.skipped });
    }
  }
  if (plan.batchImages) run.batchMemory = await batchMemoryRun(await env.loadDemo(), plan.batchImages, env, true);
  if (plan.training) run.training = await trainingRun(plan.training, env);
  if (env.dicomFiles) run.dicomDecode = await dicomDecodeRun(await env.dicomFiles(), env);
  run.wallMs = Math.round(performance.now() - t0);
  return run;
}

/**
 * DICOM decode times: each file opened the way the engine opens a dropped one (openClinical: parse, check, then
 * ClinicalView.open: decode frame 1 and window it to 8-bit RGBA), and for multi-frame files every frame decoded.
 * The first run includes starting the codec (wasm compile) and is reported as firstMs.
 */
export async function dicomDecodeRun(files: { name: string; bytes: Uint8Array }[], env: SuiteEnv, reps = 7): Promise<DicomDecodeRun> {
  if (!files.length) return { status: 'skipped', reason: 'no DICOM files to time', files: [] };
  const out: DicomDecodeFigure[] = [];
  try {
    for (const f of files) {
      const blob = new Blob([f.bytes.slice()]);
      const open = async () => {
        const src = await openClinical(blob, f.name);
        if (!src) throw new Error(`${f.name} is not recognised as DICOM`);
        (await ClinicalView.open(src)).rgba();
        return src;
      };
      const src = await open();
      const openMs = await measure(open, { warmup: 0, reps, minReps: 3, budgetMs: 20_000 });
      const img = await decodeDicom(f.bytes, f.name);
      const allFramesMs = img.frameCount > 1 ? await measure(async () => {
        for (let i = 0; i < img.frameCount; i++) await img.frame(i);
      }, { warmup: 1, reps, minReps: 3, budgetMs: 20_000 }) : undefined;
      const ts = src.tags.find((t) => t.label === 'Transfer syntax')?.value ?? img.transferSyntaxUid;
      env.log(`DICOM ${f.name}: open ${openMs.median} ms${allFramesMs ? `, all ${img.frameCount} frames ${allFramesMs.median} ms` : ''}`);
      out.push({ file: f.name, width: img.width, height: img.height, frames: img.frameCount, transferSyntax: ts, openMs, ...(allFramesMs ? { allFramesMs } : {}) });
    }
    return { status: 'ok', files: out };
  } catch (e) {
    return { status: 'failed', reason: errorText(e), files: out };
  }
}
