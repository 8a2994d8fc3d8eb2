import { useEffect, useRef } from 'react';
import * as d3 from 'd3';
import { NEGATIVE_CSS, POSITIVE_CSS, rankSegments } from '../segments/segmentMath';

export interface SegmentChartProps {
  values: readonly number[];
  stderr?: readonly number[];
  /** Where the sum starts: SHAP's base value E[f], LIME's intercept. Without it, bars start at zero. */
  start?: { value: number; label: string };
  /** Where the sum ends: f(x) for SHAP, the local model's prediction for LIME. */
  end?: { value: number; label: string };
  hover: number | null;
  onHover: (id: number | null) => void;
  top?: number;
  title: string;
}

const W = 330;
const ROW = 22;
const LABEL = 92;
const RIGHT = 56;

type Row =
  | { kind: 'start' | 'end'; label: string; value: number }
  | { kind: 'segment'; id: number; value: number; stderr?: number; from: number; to: number }
  | { kind: 'rest'; count: number; value: number; from: number; to: number };

function fmt(v: number): string {
  const a = Math.abs(v);
  return (v >= 0 ? '+' : '−') + (a !== 0 && a < 0.001 ? a.toExponential(1) : a.toFixed(3));
}

/**
 * Superpixels sorted by |value| as a waterfall: from the start value (SHAP base / LIME intercept)
 * each region's bar moves the running total, the rest are summed into one row, and the last row lands
 * on f(x), so the bars visibly add up. Without a start value (while sampling) it is a plain bar chart
 * with an uncertainty band of ±1.96 standard errors per region.
 */
export function SegmentChart({ values, stderr, start, end, hover, onHover, top = 10, title }: SegmentChartProps) {
  const ref = useRef<SVGSVGElement>(null);
  const onHoverRef = useRef(onHover);
  onHoverRef.current = onHover;

  useEffect(() => {
    const { rows: ranked, rest } = rankSegments(values, top, stderr);
    const rows: Row[] = [];
    let cum = start?.value ?? 0;
    if (start) rows.push({ kind: 'start', label: start.label, value: start.value });
    for (const r of ranked) {
      rows.push({ kind: 'segment', id: r.id, value: r.value, stderr: r.stderr, from: cum, to: cum + r.value });
      if (start) cum += r.value;
    }
    if (rest.count > 0) {
      rows.push({ kind: 'rest', count: rest.count, value: rest.sum, from: start ? cum : 0, to: (start ? cum : 0) + rest.sum });
    }
    if (end) rows.push({ kind: 'end', label: end.label, value: end.value });

    const xs: number[] = [0];
    for (const r of rows) {
      if (r.kind === 'segment') {
        xs.push(r.from, r.to);
        if (r.stderr) xs.push(r.to - 1.96 * r.stderr, r.to + 1.96 * r.stderr);
      } else if (r.kind === 'rest') xs.push(r.from, r.to);
      else xs.push(r.value);
    }
    const [lo, hi] = d3.extent(xs) as [number, number];
    const pad = (hi - lo || 1) * 0.04;
    const x = d3.scaleLinear().domain([lo - pad, hi + pad]).range([LABEL, W - RIGHT]);
    const svg = d3.select(ref.current).attr('viewBox', `0 0 ${W} ${rows.length * ROW + 6}`).attr('height', rows.length * ROW + 6);

    svg.selectAll('line.ref').data(start ? [start.value, ...(end ? [end.value] : [])] : [0]).join('line')
      .attr('class', 'ref')
      .attr('x1', (d) => x(d)).attr('x2', (d) => x(d))
      .attr('y1', 0).attr('y2', rows.length * ROW + 6);

    const g = svg.selectAll<SVGGElement, Row>('g.seg-row').data(rows).join((enter) => {
      const r = enter.append('g').attr('class', 'seg-row');
      r.append('rect').attr('class', 'hit').attr('x', 0).attr('y', 0).attr('width', W).attr('height', ROW);
      r.append('rect').attr('class', 'bar').attr('y', 4).attr('height', ROW - 8).attr('rx', 2);
      r.append('line').attr('class', 'err');
      r.append('circle').attr('class', 'dot').attr('r', 3.5).attr('cy', ROW / 2);
      r.append('text').attr('class', 'label').attr('x', LABEL - 6).attr('y', ROW / 2).attr('dy', '0.35em').attr('text-anchor', 'end');
      r.append('text').attr('class', 'value').attr('x', W - 2).attr('y', ROW / 2).attr('dy', '0.35em').attr('text-anchor', 'end');
      return r;
    });

    g.attr('transform', (_d, i) => `translate(0, ${i * ROW + 3})`)
      .attr('data-segment', (d) => (d.kind === 'segment' ? d.id : null))
      .attr('data-kind', (d) => d.kind)
      .attr('tabindex', (d) => (d.kind === 'segment' ? 0 : null))
      .attr('role', (d) => (d.kind === 'segment' ? 'button' : null))
      .attr('aria-label', (d) => (d.kind === 'segment' ? `region ${d.id}: ${fmt(d.value)}` : null))
      .classed('hovered', (d) => d.kind === 'segment' && d.id === hover)
      .on('mouseenter focus', (_e, d) => onHoverRef.current(d.kind === 'segment' ? d.id : null))
      .on('mouseleave blur', () => onHoverRef.current(null));

    g.select<SVGRectElement>('rect.bar')
      .attr('display', (d) => (d.kind === 'segment' || d.kind === 'rest' ? null : 'none'))
      .attr('x', (d) => (d.kind === 'segment' || d.kind === 'rest' ? x(Math.min(d.from, d.to)) : 0))
      .attr('width', (d) => (d.kind === 'segment' || d.kind === 'rest' ? Math.max(1, Math.abs(x(d.to) - x(d.from))) : 0))
      .attr('fill', (d) => (d.kind === 'rest' ? '#94a3b8' : d.value >= 0 ? POSITIVE_CSS : NEGATIVE_CSS));
    g.select<SVGLineElement>('line.err')
      .attr('display', (d) => (d.kind === 'segment' && d.stderr ? null : 'none'))
      .attr('x1', (d) => (d.kind === 'segment' && d.stderr ? x(d.to - 1.96 * d.stderr) : 0))
      .attr('x2', (d) => (d.kind === 'segment' && d.stderr ? x(d.to + 1.96 * d.stderr) : 0))
      .attr('y1', ROW / 2).attr('y2', ROW / 2);
    g.select<SVGCircleElement>('circle.dot')
      .attr('display', (d) => (d.kind === 'start' || d.kind === 'end' ? null : 'none'))
      .attr('cx', (d) => (d.kind === 'start' || d.kind === 'end' ? x(d.value) : 0));
    g.select('text.label').text((d) =>
      d.kind === 'segment' ? `region ${d.id}` : d.kind === 'rest' ? `${d.count} other regions` : d.label,
    );
    g.select('text.value').text((d) => (d.kind === 'start' || d.kind === 'end' ? d.value.toFixed(3) : fmt(d.value)));
  }, [values, stderr, start, end, hover, top]);

  return <svg ref={ref} className="segment-chart" data-testid="segment-chart" width="100%" aria-label={title} />;
}
