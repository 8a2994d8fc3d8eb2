// Bench figure, issue 15 §1 "measure the pool's start-up and memory cost" in the browser: the built studio
// in headless Chromium with the pool off and with N helper engines (localStorage glassbox-pool-size),
// each in a fresh browser; after the demo model's first prediction and a settling wait, the resident memory
// (RSS, from /proc) of every Chromium process is summed. The difference over N is one helper's cost (its
// wasm heap, the model's weights, the JS heap of its worker). Linux only. Needs `npm run build` first.
//   node --import tsx scripts/bench/poolMemory.ts [--helpers=1] [--rounds=2] [--settle-ms=15000]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, openStudio, serveDist, waitReady } from '../../e2e/harness';
import { REPO_ROOT } from '../../src/core/testing/node';

const arg = (name: string, d: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? d);

/** RSS in bytes of every descendant of this process (the Chromium that launch() started; from /proc). */
function treeRss(): number {
  const pid = process.pid;
  const children = new Map<number, number[]>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      // gone
    }
  }
  let total = 0;
  const walk = (p: number) => {
    if (p === pid) {
      for (const c of children.get(p) ?? []) walk(c);
      return;
    }
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    } catch {
      // gone
    }
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return total;
}

async function measure(url: string, helpers: number, settleMs: number): Promise<{ rssMb: number; readyMs: number }> {
  const browser = await launch();
  try {
    const w = await openStudio(browser, 'about:blank');
    await w.context.addInitScript((n) => localStorage.setItem('glassbox-pool-size', String(n)), helpers);
    const t0 = performance.now();
    await w.page.goto(url);
    await waitReady(w.page, 120_000);
    const readyMs = performance.now() - t0;
    await w.page.waitForTimeout(settleMs);
    // Helpers also run the web server's sockets etc. in this process: only descendants are counted.
    const rss = treeRss();
    return { rssMb: rss / 1024 ** 2, readyMs };
  } finally {
    await browser.close();
  }
}

async function main() {
  const helpers = arg('helpers', Math.max(1, os.cpus().length - 1));
  const settle = arg('settle-ms', 15_000);
  const served = await serveDist();
  const rows: { helpers: number; rssMb: number; readyMs: number }[] = [];
  try {
    for (let r = 0; r < arg('rounds', 2); r++) {
      for (const n of [0, helpers]) {
        const m = await measure(served.url, n, settle);
        rows.push({ helpers: n, ...m });
        console.log(`[pool-memory] round ${r}, ${n} helper(s): Chromium RSS ${m.rssMb.toFixed(0)} MB, studio ready after ${Math.round(m.readyMs)} ms`);
      }
    }
  } finally {
    await served.close();
  }
  const med = (n: number) => {
    const v = rows.filter((x) => x.helpers === n).map((x) => x.rssMb).sort((a, b) => a - b);
    return v[Math.floor(v.length / 2)];
  };
  const perHelperMb = (med(helpers) - med(0)) / helpers;
  const out = { figure: 'pool memory in the browser', cores: os.cpus().length, helpers, loadAverage: os.loadavg(), rows, perHelperMb };
  fs.writeFileSync(path.join(REPO_ROOT, 'bench/pool-memory.json'), JSON.stringify(out, null, 2));
  console.log(`\npool memory (Chromium, built studio, demo model): off ${med(0).toFixed(0)} MB, ${helpers} helper(s) ${med(helpers).toFixed(0)} MB: ${perHelperMb.toFixed(0)} MB per helper`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
