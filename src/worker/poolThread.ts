// A pool helper in a worker_threads thread (Node: the bench's pool figure and the pool's unit tests).
// Started by poolNode.ts; serves pool.ts's protocol on parentPort.
import { parentPort } from 'node:worker_threads';
import { servePool } from './poolServer';

if (!parentPort) throw new Error('poolThread.ts runs as a worker_threads Worker');
const port = parentPort;
servePool({
  post: (msg, transfer) => port.postMessage(msg, (transfer ?? []) as ArrayBuffer[]),
  listen: (onMessage) => port.on('message', onMessage),
});
