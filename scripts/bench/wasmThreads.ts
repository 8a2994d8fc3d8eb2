// `npm run bench -- --wasm-threads`: tfjs-wasm's threaded build vs its plain SIMD build in Chromium, on the
// demo model (LIME 1000 and 1000 forward passes), with bench.html served by `vite preview` and this
// repository's vite.config.ts with GLASSBOX_ISOLATE=1 (COOP/COEP): cross-origin isolated, as `GLASSBOX_ISOLATE=1 npm start`.
// Writes the `wasmThreads` section of the results file (the rest is kept) and prints it.

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { preview } from 'vite';
import { launch, ROOT } from '../../e2e/harness';
import type { BenchPageApi } from '../../src/bench/main';
import type { WasmThreadsFigure } from '../../src/bench/wasmThreadsBench';
import { SCHEMA } from './figures';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** The figure as text lines. */
export function wasmThreadsTable(f: WasmThreadsFigure & { loadAverage?: number[] }): string {
  const out = [`threaded vs plain tfjs-wasm in Chromium (crossOriginIsolated ${f.crossOriginIsolated}, hardwareConcurrency ${f.hardwareConcurrency}${f.loadAverage ? `, load average ${f.loadAverage.map((x) => x.toFixed(2)).join(' -> ')}` : ''}): ${f.status}${f.reason ? ` (${f.reason})` : ''}`];
  out.push('| build | threads | LIME 1000 | 1000 forward passes (batch 64) | runs |', '|---|---|---|---|---|');
  for (const b of f.builds) {
    out.push(b.status === 'ok' && b.limeMs && b.forwardMs
      ? `| ${b.variant} | ${b.threads} | ${Math.round(b.limeMs.median)} ms (${Math.round(b.limeMs.min)}-${Math.round(b.limeMs.max)}) | ${Math.round(b.forwardMs.median)} ms (${Math.round(b.forwardMs.min)}-${Math.round(b.forwardMs.max)}) | ${b.limeMs.runs} |`
      : `| ${b.variant} | - | failed: ${b.reason} | | |`);
  }
  return out.join('\n');
}

export async function runWasmThreads(o: { out: string; dist: string; reps: number; build: () => Promise<void>; log(m: string): void }): Promise<void> {
  await o.build();
  const port = await freePort();
  // vite.config.ts adds COOP/COEP to the preview server when this is set (read as the config loads).
  process.env.GLASSBOX_ISOLATE = '1';
  const server = await preview({ root: ROOT, configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: o.dist }, preview: { port, strictPort: true, host: '127.0.0.1', open: false } });
  const browser = await launch();
  const load0 = (await import('node:os')).loadavg()[0];
  try {
    const page = await (await browser.newContext()).newPage();
    page.on('worker', (w) => w.on('console', (m) => (m.text().startsWith('[bench') || m.type() === 'error' || m.type() === 'warning') && o.log(m.text().slice(0, 300))));
    page.on('console', (m) => m.type() === 'error' && o.log(`[page] ${m.text().slice(0, 300)}`));
    await page.goto(`http://127.0.0.1:${port}/bench.html`);
    await page.waitForSelector('html[data-bench-ready="true"]', { timeout: 60_000 });
    o.log(`bench.html crossOriginIsolated: ${await page.evaluate(() => crossOriginIsolated)}`);
    const fig = await page.evaluate((reps) => (window as unknown as { glassboxBench: BenchPageApi }).glassboxBench.wasmThreads(reps), o.reps);
    const section = { ...fig, chromium: browser.version(), loadAverage: [load0, (await import('node:os')).loadavg()[0]], startedAt: new Date().toISOString() };
    const existing = fs.existsSync(o.out) ? (JSON.parse(fs.readFileSync(o.out, 'utf8')) as Record<string, unknown>) : { schema: SCHEMA };
    fs.mkdirSync(path.dirname(o.out), { recursive: true });
    fs.writeFileSync(o.out, JSON.stringify({ ...existing, wasmThreads: section }, null, 2) + '\n');
    console.log('\n' + wasmThreadsTable(section));
    if (fig.status !== 'ok') process.exitCode = 1;
  } finally {
    await browser.close().catch(() => undefined);
    await server.close();
  }
}
