import { useEffect, useRef } from 'react';
import * as d3 from 'd3';

const CELL = 44;
const LABEL_W = 118;
const HEAD_H = 22;

/** "0.85", "−0.12"; "–" where the figure is undefined (a flat map ranks nothing). */
export function cellText(v: number): string {
  if (!Number.isFinite(v)) return '–';
  const s = (Math.abs(v) < 0.005 ? 0 : v).toFixed(2);
  return s.startsWith('-') ? `−${s.slice(1)}` : s;
}

function ellipsis(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * One square heat matrix (d3): row and column i are map i (columns numbered, rows named "1 Grad-CAM"),
 * each cell coloured by its value on `domain` and showing the number. An SVG with a viewBox, so it shrinks
 * to fit a phone's width and the numbers stay legible (cells ≥ 44 units).
 */
export function HeatMatrix({ title, names, values, domain, testId }: { title: string; names: string[]; values: number[][]; domain: [number, number]; testId: string }) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    const n = names.length;
    const W = LABEL_W + n * CELL;
    const H = HEAD_H + n * CELL;
    const colour =
      domain[0] < 0
        ? d3.scaleSequential((t: number) => d3.interpolateRdBu(1 - t)).domain(domain)
        : d3.scaleSequential(d3.interpolateBlues).domain(domain);
    const svg = d3.select(ref.current).attr('viewBox', `0 0 ${W} ${H}`).style('max-width', `${W * 1.15}px`);
    svg.selectAll('*').remove();
    svg
      .append('g')
      .selectAll('text')
      .data(names)
      .join('text')
      .attr('class', 'am-col')
      .attr('x', (_d, i) => LABEL_W + i * CELL + CELL / 2)
      .attr('y', HEAD_H - 7)
      .attr('text-anchor', 'middle')
      .text((_d, i) => String(i + 1));
    const rows = svg
      .append('g')
      .selectAll('g')
      .data(values)
      .join('g')
      .attr('transform', (_d, i) => `translate(0, ${HEAD_H + i * CELL})`);
    rows
      .append('text')
      .attr('class', 'am-row')
      .attr('x', LABEL_W - 6)
      .attr('y', CELL / 2)
      .attr('dy', '0.35em')
      .attr('text-anchor', 'end')
      .text((_d, i) => `${i + 1} ${ellipsis(names[i], 13)}`)
      .append('title')
      .text((_d, i) => names[i]);
    const cells = rows
      .selectAll('g')
      .data((row, i) => row.map((v, j) => ({ v, i, j })))
      .join('g')
      .attr('class', 'am-cell')
      .attr('data-i', (d) => d.i)
      .attr('data-j', (d) => d.j)
      .attr('data-value', (d) => d.v)
      .attr('transform', (d) => `translate(${LABEL_W + d.j * CELL}, 0)`);
    cells
      .append('rect')
      .attr('width', CELL - 2)
      .attr('height', CELL - 2)
      .attr('rx', 3)
      .attr('fill', (d) => (Number.isFinite(d.v) ? colour(d.v) : '#e2e8f0'));
    cells
      .append('text')
      .attr('x', (CELL - 2) / 2)
      .attr('y', (CELL - 2) / 2)
      .attr('dy', '0.35em')
      .attr('text-anchor', 'middle')
      .style('fill', (d) => (Number.isFinite(d.v) && d3.lab(colour(d.v)).l < 55 ? 'white' : '#0f172a'))
      .text((d) => cellText(d.v));
    cells.append('title').text((d) => `${names[d.i]} and ${names[d.j]}: ${cellText(d.v)}`);
  }, [names, values, domain]);
  return (
    <figure className="am-figure">
      <figcaption>{title}</figcaption>
      <svg ref={ref} role="img" aria-label={`${title}: ${names.map((a, i) => names.map((b, j) => (j > i ? `${a} and ${b} ${cellText(values[i][j])}` : '')).filter(Boolean).join(', ')).filter(Boolean).join('; ')}`} data-testid={testId} />
    </figure>
  );
}
