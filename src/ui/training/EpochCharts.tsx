import { useEffect, useRef } from 'react';
import * as d3 from 'd3';
import { useTranslation } from 'react-i18next';
import type { EpochPoint } from '../../state/trainingSlice';
import { ChartTable } from '../a11y/ChartTable';
import { cell } from '../a11y/chartRows';
import './curves.css';

interface Props {
  points: readonly EpochPoint[];
  /** Epochs asked for (the x axis runs to the larger of this and the last point). */
  epochs: number;
}

// A 560-unit viewBox like the loss and accuracy curves above it (same type sizes, styles.css .train-curves),
// with room for axis labels: the tick labels of a learning rate ("0.0003") are long at a phone's 19 units.
const W = 560;
const H = 170;
const M = { top: 22, right: 12, bottom: 50, left: 58 };
const GAP = 28;
const PANEL_W = (W - 2 * M.left - M.right - GAP) / 2;
const PANEL_H = H - M.top - M.bottom;

/** A learning rate or a time in plain decimals (never scientific notation), up to 3 significant digits. */
const fmt = (v: number) => cell(v);

/**
 * The learning rate in force at each epoch (a step line: a rate holds over its epoch) and each epoch's wall
 * time as a stacked bar (training batches, then the validation pass), in seconds. Beside the loss and
 * accuracy curves; the numbers are also in a table (ChartTable).
 */
export function EpochCharts({ points, epochs }: Props) {
  const { t } = useTranslation('curves');
  const ref = useRef<SVGSVGElement>(null);
  const lrs = points.map((p) => p.lr);
  const constant = lrs.length > 0 && lrs.every((v) => v === lrs[0]);

  useEffect(() => {
    const svg = d3.select(ref.current);
    svg.attr('viewBox', `0 0 ${W} ${H}`);
    svg.selectAll('*').remove();
    const lastX = Math.max(epochs, ...points.map((p) => p.x), 1);
    const x = d3.scaleLinear().domain([0, lastX]).range([0, PANEL_W]);
    const xAxis = d3.axisBottom(x).ticks(Math.min(lastX, 5)).tickFormat(d3.format('~d')).tickSizeOuter(0);

    // Units sit in the titles ("Time per epoch (s)"); a learning rate has none. The x axis is labelled.
    const panel = (i: number, title: string, key: string) => {
      const g = svg.append('g').attr('class', 'panel-g').attr('data-testid', key).attr('transform', `translate(${M.left + i * (PANEL_W + GAP + M.left)}, ${M.top})`);
      g.append('text').attr('class', 'title').attr('x', 0).attr('y', -8).text(title);
      g.append('g').attr('class', 'x-axis').attr('transform', `translate(0, ${PANEL_H})`).call(xAxis);
      g.append('text').attr('class', 'axis-label').attr('x', PANEL_W / 2).attr('y', PANEL_H + 44).attr('text-anchor', 'middle').text(t('epochAxis'));
      return g;
    };

    // Learning rate: a step line, each rate drawn over the epoch it was in force.
    const lrMax = Math.max(...points.map((p) => p.lr), 1e-12);
    const yLr = d3.scaleLinear().domain([0, lrMax * 1.25]).nice(3).range([PANEL_H, 0]);
    const gLr = panel(0, t('epochs.lrTitle'), 'curve-lr');
    gLr.append('g').attr('class', 'y-axis').call(d3.axisLeft(yLr).ticks(3).tickFormat((v) => fmt(v as number)).tickSizeOuter(0));
    const steps: [number, number][] = points.length ? [[0, points[0].lr], ...points.map((p): [number, number] => [p.x, p.lr])] : [];
    gLr
      .append('path')
      .attr('class', 'line lr')
      .attr('data-points', points.length)
      .attr('d', d3.line<[number, number]>().x((p) => x(p[0])).y((p) => yLr(p[1])).curve(d3.curveStepBefore)(steps));

    // Time per epoch: training, then the validation pass on top.
    const secMax = Math.max(...points.map((p) => (p.ms + p.valMs) / 1000), 0.001);
    const yS = d3.scaleLinear().domain([0, secMax]).nice(4).range([PANEL_H, 0]);
    const gT = panel(1, t('epochs.time'), 'curve-epoch-time');
    gT.append('g').attr('class', 'y-axis').call(d3.axisLeft(yS).ticks(4).tickFormat((v) => fmt(v as number)).tickSizeOuter(0));
    const bars = gT.append('g').attr('class', 'bars');
    points.forEach((p, i) => {
      const from = i ? points[i - 1].x : 0;
      const x0 = x(from) + 0.5;
      const w = Math.max(1, x(p.x) - x(from) - 1.5);
      const train = p.ms / 1000;
      const val = p.valMs / 1000;
      const b = bars.append('g').attr('class', 'epoch-bar').attr('data-ms', Math.round(p.ms));
      b.append('title').text(t('epochs.bar', { epoch: fmt(p.x), train: fmt(train), val: fmt(val) }));
      b.append('rect').attr('class', 'bar train').attr('x', x0).attr('width', w).attr('y', yS(train)).attr('height', Math.max(0, PANEL_H - yS(train)));
      b.append('rect').attr('class', 'bar val').attr('x', x0).attr('width', w).attr('y', yS(train + val)).attr('height', Math.max(0, yS(train) - yS(train + val)));
    });
  }, [points, epochs, t]);

  return (
    <div className="epoch-charts">
      <svg ref={ref} className="train-curves epoch-svg" data-testid="epoch-charts" width="100%" role="img" aria-label={t('epochs.aria')} />
      <div className="curve-legend">
        <span><i className="swatch lr" /> {t('epochs.lr')}</span>
        <span><i className="swatch epoch-train" /> {t('epochs.train')}</span>
        <span><i className="swatch epoch-val" /> {t('epochs.val')}</span>
      </div>
      {constant && <p className="muted hint lr-note" data-testid="lr-note">{t('epochs.lrConstant', { lr: fmt(lrs[0]) })}</p>}
      <ChartTable
        caption={t('epochs.tableCaption')}
        columns={[t('epochs.epoch'), t('epochs.lrCol'), t('epochs.trainCol'), t('epochs.valCol')]}
        rows={points.map((p) => [fmt(p.x), fmt(p.lr), fmt(p.ms / 1000), fmt(p.valMs / 1000)])}
        testId="epoch-table"
      />
    </div>
  );
}
