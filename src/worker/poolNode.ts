// The engine pool in Node (issue 15 §1): helpers as worker_threads threads, each with its own tfjs, so
// `npm run bench` and the unit tests can measure and check 1, 2… helpers without a browser. The primary
// side is the browser's (worker/pool.ts EnginePool); only the endpoints differ.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import type { PoolEndpoint, PoolReply } from './pool';

/** Where the thread's entry is; run through tsx (the bench and tests run TypeScript directly). */
const THREAD = new URL('./poolThread.ts', import.meta.url);

/**
 * Starts one helper thread and returns its endpoint and the Worker (tests kill it to prove a dead helper is
 * noticed). The thread loads TypeScript through tsx, so the parent needs no loader of its own.
 */
export function spawnNodeHelper(): { endpoint: PoolEndpoint; worker: Worker } {
  // Node 20 does not apply `--import tsx` given in a Worker's execArgv: register tsx's loader in the thread
  // itself, then import the entry.
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(path.join(tsxDir, 'dist/esm/api/index.mjs')).href; // tsx's "./esm/api" import entry
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(THREAD.href)}); });`;
  const worker = new Worker(boot, { eval: true });
  let closed = false;
  const endpoint: PoolEndpoint = {
    post: (msg, transfer = []) => worker.postMessage(msg, transfer as ArrayBuffer[]),
    listen: (onMessage, onLost) => {
      worker.on('message', (m: PoolReply) => onMessage(m));
      worker.on('error', (e) => onLost(e.message));
      worker.on('exit', (code) => {
        if (!closed) onLost(`the thread exited (code ${code})`);
      });
    },
    close: () => {
      closed = true;
      void worker.terminate();
    },
  };
  return { endpoint, worker };
}
