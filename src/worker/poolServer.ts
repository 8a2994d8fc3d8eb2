// The helper's side of the engine pool (pool.ts): holds one model on one backend and evaluates the
// batches the primary sends, with the very functions the primary uses for its own batches (scoresOf,
// gradientsOf), so a batch's result does not depend on which engine computed it. Runs in a second
// engine worker in the browser (Engine.servePool) and in a worker_threads thread in Node (bench, tests).

import * as tf from '@tensorflow/tfjs';
import { configureWasm } from '../core/backend/ladder';
import { loadLayersModelFromFiles } from '../core/model/io';
import { scoresOf } from '../core/explain/batching';
import { gradientsOf } from '../core/explain/gradients';
import { batchTransferables, type PoolReply, type PoolRequest } from './pool';

/** The helper's end of a channel: a MessagePort, a worker's global scope, worker_threads' parentPort. */
export interface ServerEndpoint {
  post(msg: PoolReply, transfer?: Transferable[]): void;
  listen(onMessage: (msg: PoolRequest) => void): void;
}

/**
 * Serves pool requests on `ep` until the helper ends: 'load' (backend + model, replacing any held),
 * 'run' (one batch), 'drop' (free the model), 'memory' (tf.memory, for leak checks). Requests are
 * handled one at a time in arrival order.
 */
export function servePool(ep: ServerEndpoint): void {
  let model: tf.LayersModel | null = null;
  let gen = -1;
  let backend: string | null = null;
  let chain: Promise<void> = Promise.resolve();
  const drop = () => {
    model?.dispose();
    model = null;
  };
  const handle = async (m: PoolRequest): Promise<void> => {
    switch (m.t) {
      case 'load': {
        drop();
        try {
          if (m.backend === 'wasm') configureWasm(m.wasmPaths);
          // Not tf.getBackend() before the first switch: it would start the highest-priority backend (a GPU one).
          if (backend !== m.backend) {
            const ok = await tf.setBackend(m.backend);
            await tf.ready();
            if (!ok || tf.getBackend() !== m.backend) throw new Error(`backend ${m.backend} did not start here (got ${tf.getBackend()})`);
            backend = m.backend;
          }
          model = await loadLayersModelFromFiles({ modelJson: m.modelJson, shards: new Map([[m.shardName, m.weights]]) });
          gen = m.gen;
          ep.post({ t: 'loaded', gen: m.gen });
        } catch (e) {
          drop();
          ep.post({ t: 'failed', gen: m.gen, message: e instanceof Error ? e.message : String(e) });
        }
        return;
      }
      case 'drop':
        drop();
        gen = -1;
        return;
      case 'memory': {
        const mem = tf.memory();
        ep.post({ t: 'memory', id: m.id, numTensors: mem.numTensors, numBytes: mem.numBytes });
        return;
      }
      case 'run': {
        try {
          if (!model) throw new Error(`no model loaded (generation ${gen})`);
          const result = m.task.kind === 'scores' ? await scoresOf(model, m.task) : await gradientsOf(model, m.task);
          ep.post({ t: 'result', id: m.id, result }, batchTransferables(result));
        } catch (e) {
          ep.post({ t: 'error', id: m.id, message: e instanceof Error ? e.message : String(e) });
        }
        return;
      }
    }
  };
  ep.listen((m) => {
    chain = chain.then(() => handle(m));
  });
}
