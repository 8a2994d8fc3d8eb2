// Figures measured on the REAL app page (the built index.html), the way a person meets it: cold start
// to the first heatmap, and how long the main thread is blocked while LIME runs in the engine worker.

import type { Browser, Page } from 'playwright-core';
import { waitHeatmap, waitReady } from '../../e2e/harness';
import { stat } from '../../src/bench/stats';
import type { Stat, Status } from '../../src/bench/types';

export interface ColdStartResult {
  status: Status;
  reason?: string;
  /** ms from navigation start (performance.timeOrigin) until a non-empty heatmap is in the DOM. */
  ms?: Stat;
  /** ms until the engine reported a backend (the badge) — the part spent starting tfjs and loading the model is inside. */
  readyMs?: Stat;
  /** Backend the app's ladder picked on each run. */
  backends: string[];
  runs: number;
}

export interface LongTaskResult {
  status: Status;
  reason?: string;
  /** Longest main-thread task (PerformanceObserver 'longtask', which reports tasks of 50 ms and more; 0 = none). */
  longestMs?: Stat;
  /** How long LIME took in the app, selection to heatmap. */
  durationMs?: Stat;
  tasks?: number[];
  backend?: string;
}

export interface TrainingUiResult extends LongTaskResult {
  /** Longest task while the results (confusion matrix, curves) were drawn after Stop. */
  resultsLongestMs?: Stat;
  /** Images/s the app itself reported for the run (default settings, built-in synthetic set, its worker's backend). */
  imagesPerSec?: Stat;
  /** Seconds of training before Stop was pressed. */
  trainedSeconds?: number;
}

export interface ResponsivenessResult {
  lime: LongTaskResult;
  training: TrainingUiResult;
}

// Installed before any page script: records when the engine is ready and when the first non-empty
// heatmap appears, and every long task. A string, not a function: tsx's helpers (__name) would be
// compiled into a function's body, and they do not exist in the page.
const INSTRUMENT = `(() => {
  const b = { heatmapAt: null, readyAt: null, longtasks: [] };
  window.__bench = b;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {
    b.longtaskError = String(e);
  }
  const obs = new MutationObserver(() => {
    if (b.readyAt === null && document.querySelector('[data-testid="backend-badge"][data-backend]:not([data-backend=""])')) b.readyAt = performance.now();
    if (b.heatmapAt === null && document.querySelector('[data-testid="heatmap"][data-nonzero]')) b.heatmapAt = performance.now();
    if (b.heatmapAt !== null && b.readyAt !== null) obs.disconnect();
  });
  obs.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-nonzero', 'data-backend'] });
})();`;

type BenchWindow = { __bench: { heatmapAt: number | null; readyAt: number | null; longtasks: { start: number; duration: number }[] } };

async function openApp(browser: Browser, url: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  await context.addInitScript({ content: INSTRUMENT });
  const page = await context.newPage();
  await page.goto(url);
  return { page, close: () => context.close() };
}

export interface AppPlan {
  /** Fresh app loads timed for the cold start (after `warmup` untimed ones). */
  coldRuns: number;
  warmup: number;
  /** Of the timed loads, how many then run LIME, and how many then train (LIME first when both). */
  limeRuns: number;
  trainRuns: number;
  /** Seconds of training before Stop. */
  trainSeconds: number;
}

/**
 * Loads the real app in a fresh browser context `warmup + coldRuns` times. Each timed load gives a cold
 * start (navigation to the first heatmap); the first `limeRuns` of them then select LIME, and the first
 * `trainRuns` then train in the Train view, recording the longest main-thread tasks meanwhile.
 */
export async function appFigures(browser: Browser, url: string, plan: AppPlan, log: (s: string) => void): Promise<{ coldStart: ColdStartResult; responsiveness: ResponsivenessResult }> {
  const times: number[] = [];
  const ready: number[] = [];
  const backends: string[] = [];
  let coldError = '';
  const lime = { longest: [] as number[], durations: [] as number[], tasks: [] as number[], error: '' };
  const train = { longest: [] as number[], results: [] as number[], speeds: [] as number[], tasks: [] as number[], error: '' };
  let backend = '';
  let trainingUi = false;
  for (let i = 0; i < plan.warmup + plan.coldRuns && !coldError; i++) {
    const timed = i >= plan.warmup;
    const j = i - plan.warmup;
    let opened: Awaited<ReturnType<typeof openApp>>;
    try {
      opened = await openApp(browser, url);
    } catch (e) {
      coldError = (e as Error).message.split('\n')[0];
      break;
    }
    const { page, close } = opened;
    try {
      try {
        await page.waitForSelector('[data-testid="heatmap"][data-nonzero]', { timeout: 120_000 });
        await page.waitForFunction(() => (window as unknown as BenchWindow).__bench.heatmapAt !== null, undefined, { timeout: 10_000 });
        const b = await page.evaluate(() => (window as unknown as BenchWindow).__bench);
        backend = (await page.locator('[data-testid="backend-badge"]').getAttribute('data-backend')) ?? '?';
        log(`cold start ${timed ? '' : '(warm-up) '}${Math.round(b.heatmapAt ?? NaN)} ms to the first heatmap (engine ready at ${Math.round(b.readyAt ?? NaN)} ms, backend ${backend})`);
        if (timed) {
          times.push(b.heatmapAt ?? NaN);
          if (b.readyAt !== null) ready.push(b.readyAt);
          backends.push(backend);
        }
      } catch (e) {
        coldError = (e as Error).message.split('\n')[0];
        log(`cold start failed: ${coldError}`);
        continue;
      }
      if (!timed) continue;
      trainingUi = (await page.locator('[data-testid="view-train"]').count()) > 0;
      if (j < plan.limeRuns && !lime.error) {
        try {
          await waitReady(page, 120_000);
          await waitHeatmap(page, 120_000);
          const r = await limeOnce(page);
          lime.longest.push(r.longest);
          lime.durations.push(r.ms);
          lime.tasks.push(...r.tasks);
          log(`LIME in the app: ${Math.round(r.ms)} ms, ${r.tasks.length} long tasks on the main thread, longest ${Math.round(r.longest)} ms`);
        } catch (e) {
          lime.error = (e as Error).message.split('\n')[0];
        }
      }
      if (j < plan.trainRuns && trainingUi && !train.error) {
        try {
          const r = await trainOnce(page, plan.trainSeconds);
          train.longest.push(r.longest);
          train.results.push(r.resultsLongest);
          if (Number.isFinite(r.speed)) train.speeds.push(r.speed);
          train.tasks.push(...r.tasks);
          log(`training in the app: ${plan.trainSeconds} s, longest main-thread task ${Math.round(r.longest)} ms while training, ${Math.round(r.resultsLongest)} ms drawing the results; the app reports ${r.speed} images/s`);
        } catch (e) {
          train.error = (e as Error).message.split('\n')[0];
        }
      }
    } finally {
      await close();
    }
  }
  const coldStart: ColdStartResult =
    times.length && !coldError
      ? { status: 'ok', ms: stat(times), readyMs: stat(ready), backends, runs: times.length }
      : { status: 'failed', reason: coldError || 'no run finished', backends, runs: times.length, ...(times.length ? { ms: stat(times) } : {}) };
  const limeResult: LongTaskResult =
    lime.longest.length && !lime.error
      ? { status: 'ok', longestMs: stat(lime.longest), durationMs: stat(lime.durations), tasks: lime.tasks, backend }
      : { status: 'failed', reason: lime.error || coldError || 'no run finished', backend };
  const training: TrainingUiResult = !trainingUi
    ? { status: 'skipped', reason: 'not measured: the app has no training UI yet' }
    : train.longest.length && !train.error
      ? { status: 'ok', longestMs: stat(train.longest), resultsLongestMs: stat(train.results), imagesPerSec: stat(train.speeds), tasks: train.tasks, backend, trainedSeconds: plan.trainSeconds }
      : { status: 'failed', reason: train.error || 'no run finished', backend };
  return { coldStart, responsiveness: { lime: limeResult, training } };
}

const longTasksIn = (tasks: { start: number; duration: number }[], t0: number, t1: number) => tasks.filter((t) => t.start + t.duration >= t0 && t.start <= t1);
const longest = (tasks: { duration: number }[]) => tasks.reduce((m, t) => Math.max(m, t.duration), 0);

/** Selects LIME (after the automatic Grad-CAM) and waits for its result. */
async function limeOnce(page: Page): Promise<{ ms: number; longest: number; tasks: number[] }> {
  const t0 = await page.evaluate(() => performance.now());
  await page.locator('[data-testid="method-select"]').selectOption('lime');
  // LIME's result is drawn as a region overlay (with its R²) or as a heatmap, depending on the view.
  await page.waitForFunction(
    () =>
      !document.querySelector('[data-testid="busy"]') &&
      Boolean(document.querySelector('[data-testid="lime-r2"], [data-testid="segment-overlay"], [data-testid="heatmap"][data-method="lime"][data-nonzero]')),
    undefined,
    { timeout: 180_000, polling: 50 },
  );
  const t1 = await page.evaluate(() => performance.now());
  const tasks = longTasksIn(await page.evaluate(() => (window as unknown as BenchWindow).__bench.longtasks), t0, t1);
  return { ms: t1 - t0, longest: longest(tasks), tasks: tasks.map((t) => Math.round(t.duration)) };
}

/**
 * The Train view: load the built-in synthetic dataset, press Train with the default settings, let it run
 * for `seconds`, press Stop and wait for the results. The longest task while training ran, and apart
 * while the results were drawn; and the images/s the app reported.
 */
async function trainOnce(page: Page, seconds: number): Promise<{ longest: number; resultsLongest: number; speed: number; tasks: number[] }> {
  await page.click('[data-testid="view-train"]');
  await page.waitForSelector('[data-testid="train-settings"]', { timeout: 30_000 });
  await page.click('[data-testid="use-synthetic"]');
  await page.waitForSelector('[data-testid="train-start"]:not([disabled])', { timeout: 120_000 });
  const t0 = await page.evaluate(() => performance.now());
  await page.click('[data-testid="train-start"]');
  await page.waitForSelector('[data-testid="train-progress"][data-running="true"]', { timeout: 60_000 });
  await page.waitForTimeout(seconds * 1000);
  const tStop = await page.evaluate(() => performance.now());
  // On a quiet machine the default run may already have ended (early stopping): Stop only if it runs.
  const stop = page.locator('[data-testid="train-stop"]');
  if (await stop.isVisible()) await stop.click({ timeout: 5_000 }).catch(() => undefined);
  await page.waitForSelector('[data-testid="train-results"]', { timeout: 120_000 });
  await page.waitForTimeout(300); // let the results finish drawing
  const t1 = await page.evaluate(() => performance.now());
  const all = await page.evaluate(() => (window as unknown as BenchWindow).__bench.longtasks);
  const during = longTasksIn(all, t0, tStop);
  return {
    longest: longest(during),
    resultsLongest: longest(longTasksIn(all, tStop, t1)),
    speed: Number(await page.locator('[data-testid="train-speed"]').textContent()),
    tasks: during.map((t) => Math.round(t.duration)),
  };
}
