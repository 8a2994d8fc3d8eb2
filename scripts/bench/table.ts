// Prints the figures as aligned plain-text tables (also valid enough to paste into Markdown).

import type { BenchResults, Figure, Row } from './figures';

function num(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '-';
  const a = Math.abs(v);
  return a >= 100 ? String(Math.round(v)) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function cells(r: Row): string[] {
  const mark = r.status !== 'ok' ? r.status : r.meets === undefined ? '' : r.meets ? 'yes' : 'NO';
  return [
    r.env,
    r.backend,
    r.model,
    r.item,
    r.status === 'ok' ? `${num(r.value)} ${r.unit}` : '-',
    r.status === 'ok' && r.min !== undefined ? `${num(r.min)}-${num(r.max)}` : '',
    r.runs !== undefined ? String(r.runs) : '',
    r.target ?? '',
    mark,
    r.detail,
  ];
}

export function figureTable(f: Figure): string {
  const head = ['env', 'backend', 'model', 'item', 'median', 'min-max', 'runs', 'target', 'meets', 'detail'];
  const rows = [head, ...f.rows.map(cells)];
  const widths = head.map((_, i) => (i === head.length - 1 ? 0 : Math.max(...rows.map((r) => r[i].length))));
  const line = (r: string[]) => '| ' + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join(' | ') + ' |';
  const sep = '|' + widths.map((w, i) => '-'.repeat(i === widths.length - 1 ? 8 : w + 2)).join('|') + '|';
  return [`### ${f.id}. ${f.title}${f.target ? ` — target ${f.target}` : ''}`, '', line(rows[0]), sep, ...rows.slice(1).map(line)].join('\n');
}

export function printResults(r: BenchResults): string {
  const m = r.machine;
  const out = [
    `Glassbox benchmark (${r.mode}) — ${r.startedAt}, ${Math.round(r.durationMs / 1000)} s`,
    `machine: ${m.cpuModel} x ${m.cpus}, ${m.memoryGB} GB, ${m.platform}; Node ${m.node}; Chromium ${m.chromium}; tfjs ${m.tfjs}`,
    ...[...r.browser, ...r.node].map(
      (b) =>
        `${b.env} ${b.backend}: ${b.status === 'ok' ? 'started' : b.status}${b.reason ? ` (${b.reason})` : ''}` +
        `${b.probe?.adapter ? `; adapter: ${b.probe.adapter}${b.probe.software ? ' [software]' : ''}` : ''}${b.wallMs ? `; ${Math.round(b.wallMs / 1000)} s` : ''}`,
    ),
    ...r.notes.map((n) => `note: ${n}`),
    '',
    ...r.figures.map((f) => figureTable(f) + '\n'),
  ];
  return out.join('\n');
}
