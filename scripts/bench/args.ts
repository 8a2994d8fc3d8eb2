// Command-line options of `npm run bench`, parsed in one place (scripts/bench.ts uses them; bench.test.ts
// checks them).

export type Mode = 'full' | 'quick' | 'smoke';

export interface BenchArgs {
  mode: Mode;
  out?: string;
  dist?: string;
  noBuild: boolean;
  noNode: boolean;
  backends?: string[];
  /** --peer: only the comparison with the Python peer (scripts/bench/peer.ts), its rows merged into --out. */
  peer: boolean;
  /** --peer-threads=1,2: the thread counts the peer (torch.set_num_threads) runs at; default 1 and every core. */
  peerThreads?: number[];
  /** --peer-reps=N: interleaved repetitions per item (default 7; 3 with --quick). */
  peerReps?: number;
  /** --wasm-threads: only threaded vs plain tfjs-wasm in Chromium on a cross-origin isolated bench page. */
  wasmThreads: boolean;
}

export const USAGE =
  'usage: npm run bench -- [--quick|--smoke] [--out=FILE] [--dist=DIR] [--no-build] [--backends=wasm,cpu,webgl,webgpu] [--no-node]\n' +
  '       npm run bench -- --peer [--quick] [--out=FILE] [--peer-threads=1,2] [--peer-reps=N]\n' +
  '       npm run bench -- --wasm-threads [--quick] [--out=FILE] [--dist=DIR] [--no-build]';

const BACKENDS = ['wasm', 'cpu', 'webgl', 'webgpu'];

/**
 * Parses the bench's arguments (process.argv.slice(2)). Returns the options, or `{ error }` with what was
 * wrong (an unknown option, a bad number, a backend that does not exist, --peer with a browser-only option).
 */
export function parseBenchArgs(argv: readonly string[]): BenchArgs | { error: string } {
  const a: BenchArgs = { mode: 'full', noBuild: false, noNode: false, peer: false, wasmThreads: false };
  const bad: string[] = [];
  let quick = false;
  let smoke = false;
  for (const arg of argv) {
    const [key, value] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const needsValue = ['--out', '--dist', '--backends', '--peer-threads', '--peer-reps'].includes(key);
    if (needsValue && !value) {
      bad.push(`${arg} (needs a value)`);
      continue;
    }
    if (!needsValue && value !== undefined) {
      bad.push(arg);
      continue;
    }
    switch (key) {
      case '--quick': quick = true; break;
      case '--smoke': smoke = true; break;
      case '--no-build': a.noBuild = true; break;
      case '--no-node': a.noNode = true; break;
      case '--peer': a.peer = true; break;
      case '--wasm-threads': a.wasmThreads = true; break;
      case '--out': a.out = value; break;
      case '--dist': a.dist = value; break;
      case '--backends': {
        const list = value!.split(',');
        const unknown = list.filter((b) => !BACKENDS.includes(b));
        if (unknown.length) bad.push(`--backends: no backend ${unknown.join(', ')}`);
        else a.backends = list;
        break;
      }
      case '--peer-threads': {
        const list = value!.split(',').map(Number);
        if (list.some((n) => !Number.isInteger(n) || n < 1)) bad.push(`--peer-threads=${value} (whole numbers >= 1)`);
        else a.peerThreads = [...new Set(list)];
        break;
      }
      case '--peer-reps': {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1) bad.push(`--peer-reps=${value} (a whole number >= 1)`);
        else a.peerReps = n;
        break;
      }
      default: bad.push(arg);
    }
  }
  a.mode = smoke ? 'smoke' : quick ? 'quick' : 'full';
  if (!a.peer && (a.peerThreads || a.peerReps)) bad.push('--peer-threads and --peer-reps go with --peer');
  if (a.peer && (a.backends || a.noBuild || a.dist || a.noNode || smoke)) bad.push('--peer runs only the Python comparison: --backends, --dist, --no-build, --no-node and --smoke do not apply');
  if (a.wasmThreads && (a.peer || a.backends || a.noNode || smoke)) bad.push('--wasm-threads runs only the threaded wasm comparison: --peer, --backends, --no-node and --smoke do not apply');
  return bad.length ? { error: `unknown or invalid option(s): ${bad.join(' ')}\n${USAGE}` } : a;
}
