import { useEffect, useRef } from 'react';
import * as d3 from 'd3';
import { useTranslation } from 'react-i18next';

interface Props {
  labels: string[];
  /** confusion[true][predicted] */
  confusion: number[][];
  selected: [number, number] | null;
  onSelect: (trueLabel: number, predicted: number) => void;
}

const CELL = 54;
const LEFT = 96;
const TOP = 64;

interface Cell {
  t: number;
  p: number;
  n: number;
  /** Share of the true class (the row). */
  share: number;
}

/** Relative luminance (WCAG 2.x) of a CSS colour d3 can parse. */
function luminance(css: string): number {
  const c = d3.rgb(css);
  const lin = (v: number) => {
    const x = v / 255;
    return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

/** '#16202c' (the ink) or 'white', whichever has the higher contrast ratio on `background`. */
function readableOn(background: string): string {
  const l = luminance(background);
  const onWhite = 1.05 / (l + 0.05);
  const onInk = (l + 0.05) / (luminance('#16202c') + 0.05);
  return onWhite > onInk ? 'white' : '#16202c';
}

/**
 * Rows are the true classes, columns what the model said. Correct answers (the diagonal) are blue and marked ✓,
 * mistakes orange and marked ✕ (a blue/orange pair stays apart under deuteranopia and protanopia, and the
 * marks do not rely on colour at all), darker for a larger share of the row. Click or Enter on a cell lists
 * its images.
 */
export function ConfusionMatrix({ labels, confusion, selected, onSelect }: Props) {
  const { t } = useTranslation('a11y');
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    const k = labels.length;
    const svg = d3.select(ref.current);
    const w = LEFT + k * CELL + 8;
    const h = TOP + k * CELL + 8;
    svg.attr('viewBox', `0 0 ${w} ${h}`).style('max-width', `${w}px`);
    const cells: Cell[] = [];
    confusion.forEach((row, t) => {
      const total = row.reduce((a, b) => a + b, 0);
      row.forEach((n, p) => cells.push({ t, p, n, share: total ? n / total : 0 }));
    });
    const good = d3.scaleSequential(d3.interpolateBlues).domain([0, 1.15]);
    const bad = d3.scaleSequential(d3.interpolateOranges).domain([0, 0.8]);
    svg
      .selectAll<SVGTextElement, string>('text.col')
      .data(labels)
      .join('text')
      .attr('class', 'col')
      .attr('text-anchor', 'start')
      .attr('transform', (_l, i) => `translate(${LEFT + i * CELL + CELL / 2}, ${TOP - 6}) rotate(-35)`)
      .text((l) => l);
    svg
      .selectAll<SVGTextElement, string>('text.row-label')
      .data(labels)
      .join('text')
      .attr('class', 'row-label')
      .attr('text-anchor', 'end')
      .attr('x', LEFT - 8)
      .attr('y', (_l, i) => TOP + i * CELL + CELL / 2)
      .attr('dy', '0.35em')
      .text((l) => l);
    svg.selectAll('text.axis-note').data([0]).join('text').attr('class', 'axis-note').attr('x', 2).attr('y', 12).text(t('matrix.axes'));
    const g = svg
      .selectAll<SVGGElement, Cell>('g.cell')
      .data(cells, (d) => `${d.t}-${d.p}`)
      .join((enter) => {
        const c = enter.append('g').attr('class', 'cell').attr('tabindex', 0).attr('role', 'button');
        c.append('rect').attr('width', CELL - 3).attr('height', CELL - 3).attr('rx', 4);
        c.append('text').attr('class', 'count').attr('x', (CELL - 3) / 2).attr('y', (CELL - 3) / 2).attr('dy', '0.35em').attr('text-anchor', 'middle');
        c.append('text').attr('class', 'mark').attr('x', CELL - 8).attr('y', 12).attr('text-anchor', 'end').attr('aria-hidden', 'true');
        return c;
      });
    g.attr('transform', (d) => `translate(${LEFT + d.p * CELL}, ${TOP + d.t * CELL})`)
      .attr('data-true', (d) => labels[d.t])
      .attr('data-pred', (d) => labels[d.p])
      .attr('data-count', (d) => d.n)
      .attr('aria-label', (d) => t(d.t === d.p ? 'matrix.cellRight' : 'matrix.cellWrong', { count: d.n, truth: labels[d.t], pred: labels[d.p] }))
      .attr('aria-pressed', (d) => String(Boolean(selected && selected[0] === d.t && selected[1] === d.p)))
      .classed('selected', (d) => Boolean(selected && selected[0] === d.t && selected[1] === d.p))
      .classed('diag', (d) => d.t === d.p)
      .on('click', (_e, d) => onSelect(d.t, d.p))
      .on('keydown', (e: KeyboardEvent, d) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onSelect(d.t, d.p);
        }
      });
    const fillOf = (d: Cell) => (d.n === 0 ? '#f8fafc' : d.t === d.p ? good(d.share) : bad(0.15 + d.share));
    g.select('rect').attr('fill', fillOf);
    // Ink or white, whichever contrasts more with the cell (WCAG 1.4.3), not a fixed share threshold.
    const inkOn = (d: Cell) => readableOn(fillOf(d));
    g.select('text.count')
      .text((d) => d.n)
      .attr('fill', inkOn);
    // The shape cue: ✓ on the diagonal, ✕ on a mistake that happened (an empty off-diagonal cell needs none).
    g.select('text.mark')
      .text((d) => (d.t === d.p ? '✓' : d.n > 0 ? '✕' : ''))
      .attr('fill', inkOn);
  }, [labels, confusion, selected, onSelect, t]);
  return <svg ref={ref} className="confusion" data-testid="confusion-matrix" width="100%" role="group" aria-label={t('matrix.label')} />;
}
