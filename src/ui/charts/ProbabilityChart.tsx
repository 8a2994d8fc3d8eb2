import { useEffect, useRef, useState } from 'react';
import * as d3 from 'd3';
import { useTranslation } from 'react-i18next';
import type { Prediction } from '../../shared/types';
import { formatProbability } from '../../shared/readable';
import { fitText, labelColumn } from './fitText';

interface Props {
  prediction: Prediction;
  selected: number;
  onSelect: (cls: number) => void;
}

const ROW = 30;
/** Width used before the chart has been measured (and in environments without layout). */
const FALLBACK_WIDTH = 300;
const VALUE_W = 62;
const GAP = 8;

/**
 * Class probabilities as horizontal bars, top class first. Click or Enter on a bar explains that class.
 * The SVG is drawn at its real width (1 unit = 1 CSS px, so text keeps its size at every width); the label
 * column fits the widest class name up to 42% of the chart, and a longer name is cut at its end with an
 * ellipsis, measured in the browser's font — never clipped at its start. The full name is in each row's
 * title (hover) and aria-label (focus).
 */
export function ProbabilityChart({ prediction, selected, onSelect }: Props) {
  const { t } = useTranslation('phone');
  const ref = useRef<SVGSVGElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setWidth(Math.round(el.getBoundingClientRect().width)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  useEffect(() => {
    const svgEl = ref.current;
    if (!svgEl) return;
    const W = width > 0 ? width : FALLBACK_WIDTH;
    const svg = d3.select(svgEl);
    const rows = prediction.probabilities
      .map((p, i) => ({ p, i, label: prediction.labels[i] ?? t('chart.classN', { n: i }) }))
      .sort((a, b) => b.p - a.p);
    // Measure the labels in the chart's own font: a scratch <text> with the same class as the labels.
    const probe = svg.append('text').attr('class', 'label').attr('font-weight', 650).attr('visibility', 'hidden');
    const measure = (s: string) => {
      probe.text(s);
      return (probe.node() as SVGTextElement).getComputedTextLength();
    };
    const labelW = labelColumn(rows.map((r) => measure(r.label)), W);
    const fitted = new Map(rows.map((r) => [r.i, fitText(r.label, labelW - GAP, measure)]));
    probe.remove();
    const barW = Math.max(20, W - labelW - VALUE_W);
    const x = d3.scaleLinear().domain([0, 1]).range([0, barW]);
    svg.attr('viewBox', `0 0 ${W} ${rows.length * ROW}`).attr('height', rows.length * ROW);
    const g = svg
      .selectAll<SVGGElement, (typeof rows)[number]>('g.row')
      .data(rows, (d) => String(d.i))
      .join((enter) => {
        const r = enter.append('g').attr('class', 'row').attr('tabindex', 0).attr('role', 'button');
        r.append('title');
        r.append('rect').attr('class', 'track').attr('y', 6).attr('height', ROW - 12).attr('rx', 3);
        r.append('rect').attr('class', 'bar').attr('y', 6).attr('height', ROW - 12).attr('rx', 3);
        r.append('text').attr('class', 'label').attr('y', ROW / 2).attr('dy', '0.35em').attr('text-anchor', 'end');
        r.append('text').attr('class', 'value').attr('y', ROW / 2).attr('dy', '0.35em').attr('text-anchor', 'end');
        return r;
      });
    g.attr('transform', (_d, k) => `translate(0, ${k * ROW})`)
      .attr('data-class', (d) => d.label)
      .attr('data-p', (d) => String(d.p * 100))
      .attr('aria-label', (d) => t('chart.rowLabel', { cls: d.label, p: formatProbability(d.p) }))
      .attr('aria-pressed', (d) => String(d.i === selected))
      .classed('selected', (d) => d.i === selected)
      .on('click', (_e, d) => onSelect(d.i))
      .on('keydown', (e: KeyboardEvent, d) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onSelect(d.i);
        }
      });
    g.select('rect.track').attr('x', labelW).attr('width', x(1));
    g.select('rect.bar').attr('x', labelW).attr('width', (d) => Math.max(1, x(d.p)));
    g.select('text.label').attr('x', labelW - GAP).text((d) => fitted.get(d.i) ?? d.label);
    g.select('title').text((d) => `${d.label}: ${formatProbability(d.p)}`);
    g.select('text.value').attr('x', W - 4).text((d) => `${formatProbability(d.p)}`);
  }, [prediction, selected, onSelect, width, t]);
  return <svg ref={ref} className="prob-chart" data-testid="prob-chart" width="100%" aria-label={t('chart.label')} />;
}
