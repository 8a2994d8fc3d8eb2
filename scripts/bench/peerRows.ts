// The `peer` section of bench/results.json (`npm run bench -- --peer`): rows `{ item, glassboxMs, peerMs,
// ratio }` with ratio = peerMs / glassboxMs (above 1: Glassbox is faster), their table, and the merge into
// an existing results file. Pure functions: scripts/bench.test.ts checks them.

import { stat } from '../../src/bench/stats';

/** The largest |Glassbox - peer| probability difference accepted before the peer's rows are failed. */
export const MAX_OUTPUT_DIFF = 1e-4;

export interface PeerRow {
  item: string;
  /** Medians over the interleaved repetitions, ms (absent when that side failed). */
  glassboxMs?: number;
  peerMs?: number;
  /** peerMs / glassboxMs: > 1 means Glassbox is faster. */
  ratio?: number;
  status: 'ok' | 'failed' | 'skipped';
  /** Threads (cores) each side used. */
  glassboxThreads: number;
  peerThreads: number;
  runs: number;
  /** min-max of each side, what was run, or why the row failed. */
  detail: string;
}

export interface PeerSection {
  status: 'ok' | 'failed' | 'skipped';
  reason?: string;
  startedAt: string;
  durationMs?: number;
  /** 1-minute load average at the start and at the end, and the machine's cores. */
  loadAverage?: { start: number; end: number };
  cores: number;
  /** Max |difference| of the probabilities on the check inputs, and how many inputs. */
  outputCheck?: { maxDiff: number; inputs: number; limit: number };
  versions?: Record<string, string>;
  notes: string[];
  rows: PeerRow[];
}

const r3 = (v: number) => Math.round(v * 1000) / 1000;
const ms = (v: number) => (v >= 100 ? String(Math.round(v)) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

/**
 * One row from the two sides' timings (ms, one entry per repetition). The medians (src/bench/stats.ts:
 * the mean of the middle two for an even count) and their ratio rounded to 3 decimals; an empty side
 * gives a failed row with `failure` (or 'no timings') as its detail.
 */
export function peerRow(item: string, glassbox: number[], peer: number[], threads: { glassbox: number; peer: number }, detail: string, failure?: string): PeerRow {
  const base = { item, glassboxThreads: threads.glassbox, peerThreads: threads.peer };
  if (failure || !glassbox.length || !peer.length) {
    const g = glassbox.length ? stat(glassbox) : undefined;
    return { ...base, status: 'failed', ...(g ? { glassboxMs: g.median } : {}), runs: Math.min(glassbox.length, peer.length), detail: failure ?? 'no timings' };
  }
  const g = stat(glassbox);
  const p = stat(peer);
  return {
    ...base,
    status: 'ok',
    glassboxMs: g.median,
    peerMs: p.median,
    ratio: r3(p.median / g.median),
    runs: Math.min(g.runs, p.runs),
    detail: `Glassbox ${ms(g.min)}-${ms(g.max)} ms, peer ${ms(p.min)}-${ms(p.max)} ms; ${detail}`,
  };
}

/**
 * Fails every row when the two models' outputs differ by more than MAX_OUTPUT_DIFF: then the peer did
 * not run the same model and its times compare nothing. Returns new rows.
 */
export function applyOutputCheck(rows: PeerRow[], maxDiff: number): PeerRow[] {
  if (maxDiff <= MAX_OUTPUT_DIFF) return rows;
  const why = `outputs differ by ${maxDiff.toExponential(2)} (> ${MAX_OUTPUT_DIFF}): the converted model is not the same model`;
  return rows.map((r) => ({ ...r, status: 'failed', peerMs: undefined, ratio: undefined, detail: why }));
}

/** The rows as a Markdown table (what `--peer` prints and the README shows). */
export function peerTable(s: PeerSection): string {
  const head = '| item | Glassbox | peer | peer ÷ Glassbox | threads (Glassbox / peer) | runs | detail |\n|---|---|---|---|---|---|---|';
  const lines = s.rows.map((r) => {
    const verdict = r.ratio === undefined ? r.status : `${r.ratio.toFixed(2)}${r.ratio >= 1 ? '' : ' (Glassbox slower)'}`;
    return `| ${r.item} | ${r.glassboxMs === undefined ? '-' : ms(r.glassboxMs) + ' ms'} | ${r.peerMs === undefined ? '-' : ms(r.peerMs) + ' ms'} | ${verdict} | ${r.glassboxThreads} / ${r.peerThreads} | ${r.runs} | ${r.detail} |`;
  });
  const top = [
    `Python peer (${s.status}${s.reason ? `: ${s.reason}` : ''}), ${s.startedAt}, ${s.cores} cores` +
      (s.loadAverage ? `, load average ${s.loadAverage.start.toFixed(2)} at the start, ${s.loadAverage.end.toFixed(2)} at the end` : ''),
    ...(s.outputCheck ? [`outputs: max |Glassbox - peer| = ${s.outputCheck.maxDiff.toExponential(2)} over ${s.outputCheck.inputs} inputs (limit ${s.outputCheck.limit})`] : []),
    ...(s.versions ? [`versions: ${Object.entries(s.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`] : []),
    ...s.notes.map((n) => `note: ${n}`),
  ];
  return [...top, '', head, ...lines].join('\n');
}

/**
 * An existing results file (parsed JSON, or undefined when there is none) with its `peer` section set:
 * every other field is kept as it was. Without a file the result holds the schema and the peer section only.
 */
export function mergePeer(existing: unknown, peer: PeerSection, schema: string): Record<string, unknown> {
  const base = existing && typeof existing === 'object' && !Array.isArray(existing) ? (existing as Record<string, unknown>) : { schema };
  return { ...base, peer };
}
