import { useEffect, useMemo, useRef } from 'react';
import * as d3 from 'd3';
import { useTranslation } from 'react-i18next';
import type { TrainRunRecord } from '../../state/trainingSlice';
import { formatDuration } from '../../state/trainingSlice';
import { ChartTable } from '../a11y/ChartTable';
import { cell } from '../a11y/chartRows';
import './curves.css';

interface Props {
  a: TrainRunRecord;
  b: TrainRunRecord;
}

// Four small charts, one per metric, in a grid (two across on a wide screen, one on a phone): each a
// 280-unit viewBox shown at 220-300 px (one across on a phone: up to the box width), so its type stays at about its set size (curves.css .compare-chart).
const W = 280;
const H = 200;
const M = { top: 22, right: 12, bottom: 42, left: 50 };
const PANEL_W = W - M.left - M.right;
const PANEL_H = H - M.top - M.bottom;

type Pt = { x: number; y: number };
type Metric = 'valAcc' | 'valLoss' | 'trainLoss' | 'time';
const METRICS: Metric[] = ['valAcc', 'valLoss', 'trainLoss', 'time'];
const TAGS = ['a', 'b'] as const;

/**
 * One run's points for a metric, per validation pass; points that cannot be drawn (NaN) are left out. 'time'
 * is training seconds per epoch (validation excluded): a pass's training time over the epochs it covered, so
 * the part of an epoch before a Stop reads as a rate like the whole ones.
 */
export function seriesOf(r: TrainRunRecord, m: Metric): Pt[] {
  const h = r.history;
  const y = (i: number) => {
    if (m === 'valAcc') return h.valAcc[i];
    if (m === 'valLoss') return h.valLoss[i];
    if (m === 'trainLoss') return h.loss[i];
    const span = h.epoch[i] - (i ? h.epoch[i - 1] : 0);
    return span > 0 ? h.epochMs[i] / 1000 / span : NaN;
  };
  return h.epoch.map((x, i) => ({ x, y: y(i) })).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
}

const FMT_PCT = d3.format('.0%');

/** "A" or "B" in the current language. */
const tagOf = (t: (key: string) => string, i: number) => t(i === 0 ? 'compare.runA' : 'compare.runB');

/**
 * Two runs' curves overlaid: validation accuracy, validation loss, training loss and seconds per epoch,
 * run A blue and solid with filled dots, run B orange and dashed with open squares (told apart without colour
 * too). A legend names the runs; the numbers are in a table (ChartTable).
 */
export function RunCompare({ a, b }: Props) {
  const { t } = useTranslation('curves');
  const runs = useMemo(() => [a, b] as const, [a, b]);
  const tag = (i: number) => tagOf(t, i);

  const refs = useRef<(SVGSVGElement | null)[]>([]);
  useEffect(() => {
    const lastX = Math.max(1, ...runs.flatMap((r) => r.history.epoch.filter(Number.isFinite)));
    const x = d3.scaleLinear().domain([0, lastX]).range([0, PANEL_W]);
    METRICS.forEach((m, k) => {
      const svg = d3.select(refs.current[k]);
      svg.attr('viewBox', `0 0 ${W} ${H}`);
      svg.selectAll('*').remove();
      const series = runs.map((r) => seriesOf(r, m));
      const values = series.flat().map((p) => p.y);
      const isAcc = m === 'valAcc';
      const yMax = isAcc ? 1 : Math.max(m === 'time' ? 0.001 : 0.5, ...values);
      const y = d3.scaleLinear().domain([0, yMax]).nice(4).range([PANEL_H, 0]);
      const fmt = (v: number) => (isAcc ? FMT_PCT(v) : cell(v));
      const g = svg.append('g').attr('transform', `translate(${M.left}, ${M.top})`);
      g.append('text').attr('class', 'title').attr('x', 0).attr('y', -8).text(t(`compare.${m}`));
      g.append('g').attr('class', 'x-axis').attr('transform', `translate(0, ${PANEL_H})`).call(d3.axisBottom(x).ticks(Math.min(lastX, 5)).tickFormat(d3.format('~d')).tickSizeOuter(0));
      g.append('g').attr('class', 'y-axis').call(d3.axisLeft(y).ticks(4).tickFormat((v) => fmt(v as number)).tickSizeOuter(0));
      g.append('text').attr('class', 'axis-label').attr('x', PANEL_W / 2).attr('y', PANEL_H + 34).attr('text-anchor', 'middle').text(t('epochAxis'));
      const line = d3.line<Pt>().x((p) => x(p.x)).y((p) => y(p.y));
      series.forEach((pts, i) => {
        const cls = TAGS[i];
        g.append('path').attr('class', `line ${cls}`).attr('data-run', runs[i].id).attr('data-points', pts.length).attr('d', pts.length ? line(pts) : null);
        const marks = g.append('g').attr('class', `marks ${cls}`);
        for (const p of pts) {
          const title = t('compare.point', { tag: tagOf(t, i), epoch: cell(p.x), what: t(`compare.${m}`), value: fmt(p.y) });
          const mark = i === 0
            ? marks.append('circle').attr('class', `mark ${cls}`).attr('cx', x(p.x)).attr('cy', y(p.y)).attr('r', 3)
            : marks.append('rect').attr('class', `mark ${cls}`).attr('x', x(p.x) - 3).attr('y', y(p.y) - 3).attr('width', 6).attr('height', 6);
          mark.append('title').text(title);
        }
      });
    });
  }, [runs, t]);

  // The table: one row per epoch at which either run validated.
  const rows = useMemo(() => {
    const xs = [...new Set(runs.flatMap((r) => r.history.epoch.filter(Number.isFinite)))].sort((p, q) => p - q);
    const at = (r: TrainRunRecord, m: Metric, xv: number) => seriesOf(r, m).find((p) => Math.abs(p.x - xv) < 1e-9)?.y;
    const pct = (v: number | undefined) => (v === undefined ? '—' : FMT_PCT(v));
    return xs.map((xv) => [cell(xv), ...METRICS.flatMap((m) => runs.map((r) => (m === 'valAcc' ? pct(at(r, m, xv)) : cell(at(r, m, xv)))))]);
  }, [runs]);
  const columns = [t('compare.epoch'), ...METRICS.flatMap((m) => runs.map((_, i) => t('compare.col', { tag: tag(i), what: t(`compare.${m}`) })))];

  return (
    <figure className="run-compare" data-testid="run-compare">
      <h3>{t('compare.title')}</h3>
      <div className="run-legend" data-testid="run-legend">
        {runs.map((r, i) => (
          <span key={r.id} data-run={r.id}>
            <svg width="34" height="10" aria-hidden="true">
              <line x1="1" y1="5" x2="33" y2="5" className={`line ${TAGS[i]}`} />
              {i === 0 ? <circle cx="17" cy="5" r="3" className="mark a" /> : <rect x="14" y="2" width="6" height="6" className="mark b" />}
            </svg>
            {t('compare.legend', { tag: tag(i), name: r.name, time: formatDuration(r.trainMs) })}
          </span>
        ))}
      </div>
      <div className="run-compare-grid" role="group" aria-label={t('compare.aria', { a: `${tag(0)} ${a.name}`, b: `${tag(1)} ${b.name}` })}>
        {METRICS.map((m, k) => (
          <svg key={m} ref={(el) => { refs.current[k] = el; }} className="compare-chart" data-testid={`compare-${m}`} width="100%" role="img" aria-label={t(`compare.${m}`)} />
        ))}
      </div>
      <ChartTable caption={t('compare.tableCaption')} columns={columns} rows={rows} testId="run-compare-table" />
    </figure>
  );
}
