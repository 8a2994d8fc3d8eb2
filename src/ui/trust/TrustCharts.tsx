// Small d3 line charts of the trust panel: a deletion or insertion curve against the random ranking's
// (dashed), and the sanity check's rank correlation and SSIM per randomised layer.

import { t } from '../../shared/i18n';
import { useEffect, useRef } from 'react';
import * as d3 from 'd3';
import type { CurveFigure, SanityFigure } from '../../shared/trust';
import { ChartTable } from '../a11y/ChartTable';
import { cell } from '../a11y/chartRows';

const W = 260;
const H = 150;
const M = { top: 8, right: 18, bottom: 30, left: 38 };

interface Series {
  values: number[];
  className: string;
  name: string;
}

/** One small chart: series of y over x, with axes (x as given labels or a 0-100% scale). */
function LineChart({ x, xDomain, series, yDomain, xFormat, xLabel, yLabel, xTicks, testId, ariaLabel }: {
  x: number[];
  xDomain?: [number, number];
  series: Series[];
  yDomain: [number, number];
  xFormat: (v: number) => string;
  xLabel: string;
  yLabel: string;
  xTicks?: number[];
  testId: string;
  ariaLabel: string;
}) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    const svg = d3.select(ref.current);
    svg.selectAll('*').remove();
    svg.attr('viewBox', `0 0 ${W} ${H}`);
    const xs = d3.scaleLinear().domain(xDomain ?? [x[0] ?? 0, x[x.length - 1] ?? 1]).range([M.left, W - M.right]);
    const ys = d3.scaleLinear().domain(yDomain).nice().range([H - M.bottom, M.top]);
    svg.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0, ${H - M.bottom})`)
      .call(d3.axisBottom(xs).tickValues(xTicks ?? xs.ticks(4)).tickFormat((v) => xFormat(Number(v))).tickSizeOuter(0));
    svg.append('g').attr('class', 'axis').attr('transform', `translate(${M.left}, 0)`)
      .call(d3.axisLeft(ys).ticks(4).tickFormat((v) => String(Math.round(Number(v) * 100) / 100)).tickSizeOuter(0));
    svg.append('text').attr('class', 'axis-label').attr('x', (M.left + W - M.right) / 2).attr('y', H - 2).attr('text-anchor', 'middle').text(xLabel);
    svg.append('text').attr('class', 'axis-label').attr('transform', `translate(10, ${(M.top + H - M.bottom) / 2}) rotate(-90)`).attr('text-anchor', 'middle').text(yLabel);
    for (const s of series) {
      const pts = x.map((xv, i) => [xv, s.values[i]] as [number, number]).filter(([, v]) => Number.isFinite(v));
      if (!pts.length) continue;
      const line = d3.line<[number, number]>().x((d) => xs(d[0])).y((d) => ys(d[1]));
      svg.append('path').attr('class', `series ${s.className}`).attr('d', line(pts)).append('title').text(s.name);
      if (pts.length === 1) svg.append('circle').attr('class', `series-dot ${s.className}`).attr('cx', xs(pts[0][0])).attr('cy', ys(pts[0][1])).attr('r', 3);
    }
  }, [x, xDomain, series, yDomain, xFormat, xLabel, yLabel, xTicks]);
  return <><svg ref={ref} className="trust-chart" data-testid={testId} role="img" aria-label={ariaLabel} width="100%" /><ChartTable caption={ariaLabel} columns={[xLabel, ...series.map((s) => s.name)]} rows={x.map((xv, i) => [xFormat(xv), ...series.map((s) => cell(s.values[i]))])} testId={`${testId}-table`} /></>;
}

const pct = (v: number) => `${Math.round(v * 100)}%`;

/** Extent of finite values, widened to [0, 1] for probabilities. */
function domainOf(values: number[], units: CurveFigure['units']): [number, number] {
  if (units === 'probability') return [0, 1];
  const finite = values.filter(Number.isFinite);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

/** A deletion or insertion curve: the map's order (solid) and a random order (dashed). */
export function CurveChart({ figure }: { figure: CurveFigure }) {
  const del = figure.mode === 'deletion';
  const series: Series[] = [
    { values: figure.randomY, className: 'random', name: t('trust:chart.random') },
    { values: figure.y, className: 'map', name: t('trust:mapOrder') },
  ];
  return (
    <LineChart
      x={figure.x}
      series={series}
      yDomain={domainOf([...figure.y, ...figure.randomY], figure.units)}
      xFormat={pct}
      xLabel={del ? t('trust:chart.removed') : t('trust:chart.putBack')}
      yLabel={figure.units}
      testId={`${figure.mode}-curve`}
      ariaLabel={t(del ? 'trust:chart.deletionLabel' : 'trust:chart.insertionLabel', { units: figure.units })}
    />
  );
}

/** The sanity check: Spearman ρ (solid) and SSIM (dashed) after randomising each layer, top first. */
export function SanityChart({ figure }: { figure: SanityFigure }) {
  const x = figure.layers.map((_, i) => i);
  const series: Series[] = [
    { values: figure.ssim, className: 'random', name: t('trust:ssim') },
    { values: figure.spearman, className: 'map', name: t('trust:rankCorrelation') },
  ];
  // Many layers (a loaded network): every k-th name, shortened, so the labels never overlap.
  const every = Math.ceil(x.length / 5);
  const xFormat = (i: number) => {
    const name = figure.layers[i] ?? '';
    return name.length > 10 ? `${name.slice(0, 9)}…` : name;
  };
  return (
    <LineChart
      x={x}
      xDomain={[-0.3, Math.max(1, x.length) - 0.7]}
      series={series}
      yDomain={[-1, 1]}
      xFormat={xFormat}
      xTicks={x.filter((i) => i % every === 0)}
      xLabel={t('trust:chart.layers')}
      yLabel={t('trust:chart.similarity')}
      testId="sanity-curve"
      ariaLabel={t('trust:chart.sanityLabel', { list: figure.layers.map((l, i) => `${l} ρ ${figure.spearman[i].toFixed(2)}`).join(', ') })}
    />
  );
}
