// What each backend measures in each mode. On this kind of machine (2 cores, no GPU) WebGL and WebGPU
// run on SwiftShader and the CPU backend is plain JavaScript: 10-50x slower than WASM. They get fewer
// repetitions, smaller sample counts (the overhead ratio is per pass, so it stays comparable) and no
// big-model explanations; every such cut is written into the plan and shows up in the results.

import type { BackendName, OptionValues } from '../../src/shared/types';
import type { BackendPlan, MethodPlan, ModelPlan } from '../../src/bench/types';

export type Mode = 'full' | 'quick' | 'smoke';

/** Issue 15 §2, "until stable" vs the fixed budget (top-5 agreement, evaluations saved): its own script. */
export const STABLE_FIGURE = 'node --import tsx scripts/bench/stable.ts';

export const METHOD_IDS = ['gradcam', 'intgrad', 'smoothgrad', 'occlusion', 'rise', 'lime', 'shap'] as const;

/** The issue's settings: IG 50 steps, SmoothGrad 50, LIME 1000 samples, Kernel SHAP 2M + 2048 (samples 0 = automatic). */
const ISSUE_OPTIONS: Record<string, OptionValues> = {
  gradcam: {},
  intgrad: { steps: 50 },
  smoothgrad: { samples: 50 },
  occlusion: {},
  // budget 'fixed': the overhead figure times the whole budget ("until stable" savings: STABLE_FIGURE below).
  rise: { budget: 'fixed' },
  lime: { samples: 1000, budget: 'fixed' },
  shap: { samples: 0, budget: 'fixed' },
};

/** Two batches' worth at most: enough to warm up every code path on CPU-side backends. */
const SMALL_WARMUP: Record<string, OptionValues> = {
  gradcam: {},
  intgrad: { steps: 15 },
  smoothgrad: { samples: 16 },
  occlusion: { window: 16, stride: 16 },
  rise: { masks: 64 },
  lime: { samples: 64 },
  shap: { samples: 64 },
};

type Counts = Partial<Record<(typeof METHOD_IDS)[number], OptionValues>>;

function methods(ids: readonly string[], counts: Counts, reason: string | undefined, warmup: 'small' | 'same', scale = 1): MethodPlan[] {
  return ids.map((id) => {
    const custom = counts[id as keyof Counts];
    let options: OptionValues = { ...ISSUE_OPTIONS[id], ...(custom ?? {}) };
    if (id === 'occlusion' && scale !== 1 && !custom) {
      // Same number of windows as on the 64 px demo model: window and stride grow with the input.
      options = { ...options, window: Math.round(8 * scale), stride: Math.round(4 * scale) };
    }
    const plan: MethodPlan = { id, options };
    if (warmup === 'small') {
      // Never more work than the timed run: counts are capped by the timed options (0 = automatic, i.e. large).
      const warm: OptionValues = { ...options, ...SMALL_WARMUP[id] };
      for (const k of ['steps', 'samples', 'masks']) {
        const t = options[k];
        if (typeof t === 'number' && t > 0 && typeof warm[k] === 'number') warm[k] = Math.min(t, warm[k] as number);
      }
      plan.warmupOptions = warm;
    }
    if (id === 'occlusion' && warmup === 'small' && scale !== 1) plan.warmupOptions = { ...options, window: Math.round(16 * scale), stride: Math.round(16 * scale) };
    const why = custom && reason ? reason : id === 'occlusion' && scale !== 1 ? 'window and stride scaled with the input (same 225 windows as at 64 px)' : undefined;
    if (why) plan.reduced = why;
    return plan;
  });
}

const MOBILENET_SCALE = 224 / 64;

interface Tier {
  reps: number;
  minReps: number;
  budgetMs: number;
}

function model(model: ModelPlan['model'], t: Tier, o: Partial<ModelPlan>): ModelPlan {
  return { model, reps: t.reps, minReps: t.minReps, budgetMs: t.budgetMs, forwardBatches: [1, 8, 32, 64], gradientBatches: [1, 8, 32], methods: [], naiveLime: false, skipped: [], ...o };
}

const SOFTWARE_NOTE = (b: BackendName) =>
  b === 'cpu'
    ? 'cpu is plain JavaScript here: fewer repetitions and samples'
    : b === 'webgpu'
      ? 'webgpu runs on SwiftShader (a fallback adapter) on a machine without a GPU: fewer repetitions and samples; no big model (compiling its shaders alone takes tens of seconds)'
      : `${b} runs on SwiftShader (software) on a machine without a GPU: fewer repetitions and samples; big model: forward and forward+backward at batch 1, Grad-CAM`;

export function browserPlan(backend: BackendName, mode: Mode): BackendPlan {
  const fast = backend === 'wasm';
  const notes: string[] = fast ? [] : [SOFTWARE_NOTE(backend)];
  if (mode === 'smoke') return smokePlan(backend, notes, true);
  if (mode === 'quick') {
    if (fast) {
      const quickCounts: Counts = { rise: { masks: 500 }, shap: { samples: 512 } };
      return {
        backend,
        notes: ['--quick: RISE 500 masks, SHAP 512 coalitions, 2 timed runs'],
        models: [
          model('demo', { reps: 2, minReps: 2, budgetMs: 8000 }, { methods: methods(METHOD_IDS, quickCounts, '--quick', 'small'), naiveLime: true }),
          model('mobilenet', { reps: 2, minReps: 1, budgetMs: 4000 }, {
            forwardBatches: [1, 8],
            gradientBatches: [1],
            methods: methods(['gradcam'], {}, undefined, 'same'),
            skipped: [{ what: 'batches 32 and 64, other methods', reason: '--quick' }],
          }),
        ],
        memoryExplanations: 100,
        batchImages: 50,
        training: { samples: 120, epochs: 1, warmupBatches: 1, note: '--quick: 120 images, 1 epoch' },
      };
    }
    return {
      backend,
      notes: [`${backend === 'cpu' ? 'cpu is plain JavaScript' : `${backend} runs on SwiftShader (software)`} here; --quick: demo model forward, forward+backward and Grad-CAM only`],
      models: [
        model('demo', { reps: 2, minReps: 1, budgetMs: 3000 }, {
          forwardBatches: backend === 'webgpu' ? [1] : [1, 8],
          gradientBatches: [1],
          methods: methods(['gradcam'], {}, undefined, 'same'),
          skipped: [{ what: 'larger batches, sampling methods, naive LIME, the big model', reason: '--quick on a slow backend' }],
        }),
      ],
      memoryExplanations: 10,
      memoryNote: '--quick: 10 explanations on a slow backend',
      training: null,
      trainingSkipReason: '--quick: training on a slow backend takes minutes (wasm has the figure)',
    };
  }
  // full
  if (fast) {
    const bigCounts: Counts = { rise: { masks: 256 }, lime: { samples: 256 }, shap: { samples: 256 } };
    return {
      backend,
      notes,
      models: [
        model('demo', { reps: 5, minReps: 3, budgetMs: 6000 }, { gradientBatches: [1, 8, 32], methods: methods(METHOD_IDS, {}, undefined, 'same'), naiveLime: true }),
        model('mobilenet', { reps: 3, minReps: 2, budgetMs: 6000 }, {
          gradientBatches: [1, 8],
          methods: methods(METHOD_IDS, bigCounts, 'big model: 256 samples keep the run short (the ratio is per pass)', 'small', MOBILENET_SCALE),
        }),
      ],
      memoryExplanations: 100,
      batchImages: 500,
      training: { samples: 320, epochs: 2, warmupBatches: 2, note: '320 images (256 trained on), 2 epochs' },
    };
  }
  const gpu = backend !== 'cpu';
  const webgpu = backend === 'webgpu';
  const why = `${backend} is slow here: fewer samples (the ratio is per pass)`;
  return {
    backend,
    notes,
    models: [
      model('demo', { reps: 3, minReps: 2, budgetMs: 6000 }, {
        forwardBatches: webgpu ? [1, 8] : [1, 8, 32],
        gradientBatches: webgpu ? [1] : [1, 8],
        methods: methods(METHOD_IDS, webgpu ? SLOWEST_COUNTS : SLOW_COUNTS, why, 'small'),
        naiveLime: true,
        skipped: [{ what: webgpu ? 'forward batches 32 and 64, forward+backward batch 8' : 'forward batch 64, forward+backward batch 32', reason: `per-image cost is flat beyond batch 8 on ${backend}, and one such run takes seconds` }],
      }),
      ...(webgpu
        ? []
        : [
            model('mobilenet', { reps: 2, minReps: 1, budgetMs: 4000 }, {
              forwardBatches: [1],
              gradientBatches: [1],
              methods: methods(['gradcam'], {}, undefined, 'same'),
              skipped: [{ what: 'larger batches and sampling methods', reason: `one 224 px pass takes ${gpu ? 'hundreds of ms' : 'a quarter of a second or more'} on ${backend} here` }],
            }),
          ]),
    ],
    memoryExplanations: webgpu ? 20 : 100,
    batchImages: webgpu ? 10 : 40,
    ...(webgpu ? { memoryNote: '20 explanations: about 0.5 s each on SwiftShader WebGPU' } : {}),
    // GPU backends compile shaders in the first batches too: two warm-up batches there.
    training: { samples: 80, epochs: 1, warmupBatches: gpu ? 2 : 1, note: '80 images (64 trained on, 4 batches), 1 epoch: a batch takes seconds here' },
  };
}

/** cpu and WebGL here: a forward pass of the demo model costs 30-60 ms per image. */
const SLOW_COUNTS: Counts = { intgrad: { steps: 15 }, smoothgrad: { samples: 16 }, occlusion: { window: 16, stride: 8 }, rise: { masks: 64 }, lime: { samples: 64 }, shap: { samples: 64 } };
/** WebGPU on SwiftShader: about 200 ms per image. */
const SLOWEST_COUNTS: Counts = { intgrad: { steps: 7 }, smoothgrad: { samples: 8 }, occlusion: { window: 16, stride: 16 }, rise: { masks: 32 }, lime: { samples: 32 }, shap: { samples: 32 } };

export function nodePlan(backend: 'cpu' | 'wasm', mode: Mode): BackendPlan {
  const fast = backend === 'wasm';
  if (mode === 'smoke') return smokePlan(backend, [], false);
  if (mode === 'quick') {
    const counts: Counts = fast ? { rise: { masks: 300 }, lime: { samples: 300 }, shap: { samples: 300 } } : {};
    return {
      backend,
      notes: [fast ? '--quick: RISE, LIME and SHAP with 300 samples' : '--quick: cpu gets forward, forward+backward and Grad-CAM only'],
      models: [
        model('demo', { reps: 2, minReps: 1, budgetMs: 4000 }, fast
          ? { forwardBatches: [1, 8, 32], gradientBatches: [1, 8], methods: methods(METHOD_IDS, counts, '--quick', 'small'), naiveLime: false, skipped: [{ what: 'naive LIME', reason: '--quick; the browser has it' }] }
          : { forwardBatches: [1, 8], gradientBatches: [1], methods: methods(['gradcam'], {}, undefined, 'same'), skipped: [{ what: 'sampling methods', reason: '--quick on cpu' }] }),
      ],
      memoryExplanations: fast ? 100 : 20,
      batchImages: fast ? 50 : 10,
      training: null,
      trainingSkipReason: '--quick: the browser has the training figure',
    };
  }
  if (fast) {
    return {
      backend,
      notes: [],
      models: [model('demo', { reps: 5, minReps: 3, budgetMs: 6000 }, { methods: methods(METHOD_IDS, {}, undefined, 'same'), naiveLime: true })],
      memoryExplanations: 100,
      // 500 in the browser run; here 200 keep the Node child within its time limit (about 0.25 s an image).
      batchImages: 200,
      training: { samples: 320, epochs: 2, warmupBatches: 2, note: '320 images (256 trained on), 2 epochs' },
    };
  }
  return {
    backend,
    notes: ['cpu is plain JavaScript: fewer samples (IG 15 steps, SmoothGrad 16, occlusion 49 windows, RISE, LIME and SHAP 64)'],
    models: [model('demo', { reps: 3, minReps: 2, budgetMs: 6000 }, { forwardBatches: [1, 8, 32], gradientBatches: [1, 8], skipped: [{ what: 'forward batch 64, forward+backward batch 32', reason: 'per-image cost is flat beyond batch 8 on cpu' }], methods: methods(METHOD_IDS, SLOW_COUNTS, 'cpu is slow: fewer samples (the ratio is per pass)', 'small'), naiveLime: true })],
    memoryExplanations: 100,
    training: null,
    trainingSkipReason: 'a batch takes about 10 s on the cpu backend; the browser run has the cpu figure',
  };
}

/** `--smoke`: the smallest run that still fills every figure (for the unit test that checks the bench works). */
function smokePlan(backend: BackendName, notes: string[], browser: boolean): BackendPlan {
  const tiny: Counts = {
    intgrad: { steps: 4 },
    smoothgrad: { samples: 4 },
    occlusion: { window: 16, stride: 16 },
    rise: { masks: 32 },
    lime: { samples: 32 },
    shap: { samples: 32 },
  };
  const t = { reps: 1, minReps: 1, budgetMs: 1000 };
  const fast = backend === 'wasm';
  const models: ModelPlan[] = fast || !browser
    ? [model('demo', t, { forwardBatches: [1, 8], gradientBatches: [1], methods: methods(METHOD_IDS, tiny, '--smoke', 'same'), naiveLime: true })]
    : [model('demo', t, { forwardBatches: [1], gradientBatches: [1], methods: methods(['gradcam'], {}, undefined, 'same') })];
  if (fast && browser) models.push(model('mobilenet', t, { forwardBatches: [1], gradientBatches: [1], methods: methods(['gradcam'], {}, undefined, 'same') }));
  return {
    backend,
    notes: [...notes, '--smoke: a minimal run that checks every figure is produced; the numbers mean little'],
    models,
    memoryExplanations: 5,
    batchImages: 4,
    training: fast ? { samples: 60, epochs: 1, warmupBatches: 0, note: '--smoke' } : null,
    trainingSkipReason: '--smoke',
  };
}
