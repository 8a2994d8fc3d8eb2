import { useEffect, useRef } from 'react';
import * as d3 from 'd3';
import { useTranslation } from 'react-i18next';
import type { TrainCurve } from '../../state/trainingSlice';
import { TrainingTable } from '../a11y/TrainingTable';
import { EpochCharts } from './EpochCharts';
import './curves.css';

interface Props {
  curve: TrainCurve;
  epochs: number;
}

const W = 560;
const H = 196;
const M = { top: 22, right: 12, bottom: 44, left: 40 };
const GAP = 36;
const PANEL_W = (W - M.left - M.right - GAP - M.left) / 2;

type Pt = { x: number; y: number };

// Made once: d3.format parses its specifier on every call to d3.format.
const FMT_LOSS = d3.format('.2~f');
const FMT_ACC = d3.format('.0%');
const FMT_EPOCH = d3.format('~d');

/**
 * Live loss and accuracy curves, training (every batch) and validation (every epoch), side by side; below
 * them, from the first finished epoch, the learning rate and each epoch's time (EpochCharts).
 */
export function TrainingCurves({ curve, epochs }: Props) {
  const { t } = useTranslation('teach');
  const { t: tc } = useTranslation('curves');
  const ref = useRef<SVGSVGElement>(null);
  // The axes' domains as last drawn: an axis is redrawn only when its domain changes (a d3 axis call
  // rebuilds every tick, and the curves update several times a second while the worker trains).
  const drawn = useRef(new Map<string, string>());
  useEffect(() => {
    const svg = d3.select(ref.current);
    svg.attr('viewBox', `0 0 ${W} ${H}`);
    const lastX = Math.max(epochs, ...curve.train.map((p) => p.x), ...curve.val.map((p) => p.x), 1);
    const panels = [
      {
        key: 'loss',
        title: t('curves.loss'),
        train: curve.train.map((p) => ({ x: p.x, y: p.loss })),
        val: curve.val.map((p) => ({ x: p.x, y: p.loss })),
        yMax: Math.max(0.5, ...curve.train.map((p) => p.loss), ...curve.val.map((p) => p.loss)),
        fmt: FMT_LOSS,
      },
      {
        key: 'acc',
        title: t('curves.accuracy'),
        train: curve.train.map((p) => ({ x: p.x, y: p.acc })),
        val: curve.val.map((p) => ({ x: p.x, y: p.acc })),
        yMax: 1,
        fmt: FMT_ACC,
      },
    ];
    const g = svg
      .selectAll<SVGGElement, (typeof panels)[number]>('g.panel-g')
      .data(panels, (d) => d.key)
      .join((enter) => {
        const p = enter.append('g').attr('class', 'panel-g');
        p.append('text').attr('class', 'title').attr('x', 0).attr('y', -8);
        p.append('g').attr('class', 'x-axis').attr('transform', `translate(0, ${H - M.top - M.bottom})`);
        p.append('g').attr('class', 'y-axis');
        p.append('text').attr('class', 'axis-label x-label').attr('x', PANEL_W / 2).attr('y', H - M.top - M.bottom + 40).attr('text-anchor', 'middle');
        p.append('path').attr('class', 'line train');
        p.append('path').attr('class', 'line val');
        p.append('g').attr('class', 'dots');
        return p;
      });
    g.attr('transform', (_d, i) => `translate(${M.left + i * (PANEL_W + GAP + M.left)}, ${M.top})`).attr('data-testid', (d) => `curve-${d.key}`);
    g.each(function (d) {
      const panel = d3.select(this);
      const x = d3.scaleLinear().domain([0, lastX]).range([0, PANEL_W]);
      const y = d3.scaleLinear().domain([0, d.yMax]).nice().range([H - M.top - M.bottom, 0]);
      panel.select('text.title').text(d.title);
      panel.select('text.x-label').text(tc('epochAxis'));
      const domains = `${x.domain().join()} ${y.domain().join()}`;
      if (drawn.current.get(d.key) !== domains) {
        drawn.current.set(d.key, domains);
        panel.select<SVGGElement>('g.x-axis').call(d3.axisBottom(x).ticks(Math.min(lastX, 6)).tickFormat(FMT_EPOCH).tickSizeOuter(0));
        panel.select<SVGGElement>('g.y-axis').call(d3.axisLeft(y).ticks(4).tickFormat((v) => d.fmt(v as number)).tickSizeOuter(0));
      }
      const line = d3.line<Pt>().x((p) => x(p.x)).y((p) => y(p.y));
      panel.select('path.train').attr('d', d.train.length ? line(d.train) : null).attr('data-points', d.train.length);
      panel.select('path.val').attr('d', d.val.length ? line(d.val) : null).attr('data-points', d.val.length);
      panel
        .select('g.dots')
        .selectAll<SVGCircleElement, Pt>('circle')
        .data(d.val)
        .join((enter) => {
          const c = enter.append('circle').attr('r', 3);
          c.append('title');
          return c;
        })
        .attr('cx', (p) => x(p.x))
        .attr('cy', (p) => y(p.y))
        .select('title')
        .text((p) => t('curves.point', { epochs: FMT_LOSS(p.x), what: d.title, value: d.fmt(p.y) }));
    });
  }, [curve, epochs, t, tc]);
  return (
    <>
      <figure className="curves">
        <svg ref={ref} className="train-curves" data-testid="train-curves" width="100%" role="img" aria-label={t('curves.aria')} />
        <TrainingTable curve={curve} />
        <figcaption className="curve-legend">
          <span><i className="swatch train" /> {t('curves.train')}</span>
          <span><i className="swatch val" /> {t('curves.val')}</span>
        </figcaption>
      </figure>
      {curve.epochs && curve.epochs.length > 0 && <EpochCharts points={curve.epochs} epochs={epochs} />}
    </>
  );
}
