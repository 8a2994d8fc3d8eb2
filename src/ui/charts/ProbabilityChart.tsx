import { useEffect, useRef } from 'react';
import * as d3 from 'd3';
import type { Prediction } from '../../shared/types';
import { formatProbability } from '../../shared/readable';
import { ellipsize } from './waterfall';

interface Props {
  prediction: Prediction;
  selected: number;
  onSelect: (cls: number) => void;
}

const ROW = 30;
const WIDTH = 300;
const LABEL_W = 84;
const VALUE_W = 62;
/** Characters of a class name that fit in LABEL_W at the label's font size; longer names get an ellipsis. */
const LABEL_CHARS = 11;

/** Class probabilities as horizontal bars, top class first. Click or Enter on a bar explains that class. */
export function ProbabilityChart({ prediction, selected, onSelect }: Props) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    const svg = d3.select(ref.current);
    const rows = prediction.probabilities.map((p, i) => ({ p, i, label: prediction.labels[i] ?? `class ${i}` })).sort((a, b) => b.p - a.p);
    const x = d3.scaleLinear().domain([0, 1]).range([0, WIDTH - LABEL_W - VALUE_W]);
    svg.attr('viewBox', `0 0 ${WIDTH} ${rows.length * ROW}`).attr('height', rows.length * ROW);
    const g = svg
      .selectAll<SVGGElement, (typeof rows)[number]>('g.row')
      .data(rows, (d) => String(d.i))
      .join((enter) => {
        const r = enter.append('g').attr('class', 'row').attr('tabindex', 0).attr('role', 'button');
        r.append('title');
        r.append('rect').attr('class', 'track').attr('x', LABEL_W).attr('y', 6).attr('height', ROW - 12).attr('rx', 3).attr('width', x(1));
        r.append('rect').attr('class', 'bar').attr('x', LABEL_W).attr('y', 6).attr('height', ROW - 12).attr('rx', 3);
        r.append('text').attr('class', 'label').attr('x', LABEL_W - 8).attr('y', ROW / 2).attr('dy', '0.35em').attr('text-anchor', 'end');
        r.append('text').attr('class', 'value').attr('x', WIDTH - 4).attr('y', ROW / 2).attr('dy', '0.35em').attr('text-anchor', 'end');
        return r;
      });
    g.attr('transform', (_d, k) => `translate(0, ${k * ROW})`)
      .attr('data-class', (d) => d.label)
      .attr('data-p', (d) => String(d.p * 100))
      .attr('aria-label', (d) => `${d.label}: ${formatProbability(d.p)}. Explain this class`)
      .attr('aria-pressed', (d) => String(d.i === selected))
      .classed('selected', (d) => d.i === selected)
      .on('click', (_e, d) => onSelect(d.i))
      .on('keydown', (e: KeyboardEvent, d) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onSelect(d.i);
        }
      });
    g.select('rect.bar').attr('width', (d) => Math.max(1, x(d.p)));
    // Long class names are cut with an ellipsis, never clipped; the full name is in the title (hover) and aria-label (focus).
    g.select('text.label').text((d) => ellipsize(d.label, LABEL_CHARS));
    g.select('title').text((d) => `${d.label}: ${formatProbability(d.p)}`);
    g.select('text.value').text((d) => `${formatProbability(d.p)}`);
  }, [prediction, selected, onSelect]);
  return <svg ref={ref} className="prob-chart" data-testid="prob-chart" width="100%" aria-label="Class probabilities" />;
}
