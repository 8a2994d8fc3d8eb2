import { useEffect, useMemo, useRef } from 'react';
import * as d3 from 'd3';
import { useTranslation } from 'react-i18next';
import { ChartTable } from '../a11y/ChartTable';
import type { RegionPlace } from '../a11y/where';
import { NEGATIVE_CSS, POSITIVE_CSS } from '../segments/segmentMath';
import { formatNumber, formatSigned } from '../../shared/readable';
import { buildWaterfall, ellipsize, type WaterfallRow } from './waterfall';

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
  /** Where each region is (by id), so rows are named "region 24, upper left, 6% of the image". */
  places?: readonly (RegionPlace | undefined)[];
  /** Enter, Space or a click on a region's row (pins it on the image). */
  onActivate?: (id: number) => void;
}

const W = 330;
const ROW = 22;
const LABEL = 92;
const RIGHT = 56;

// Characters that fit in LABEL user units at the label's 12px font (about 6.7 units a glyph), with room to spare.
const LABEL_CHARS = 12;

function fmt(v: number): string {
  return formatSigned(v);
}

/**
 * Superpixels sorted by |value| as a waterfall: from the start value (SHAP base / LIME intercept)
 * each region's bar moves the running total, the rest (and regions below the run's noise) are summed into one
 * row, the axis spans the data (waterfall.ts), and the last row lands
 * on f(x), so the bars visibly add up. Without a start value (while sampling) it is a plain bar chart
 * with an uncertainty band of ±1.96 standard errors per region.
 */
export function SegmentChart({ values, stderr, start, end, hover, onHover, top = 10, title, places, onActivate }: SegmentChartProps) {
  const { t } = useTranslation('a11y');
  const ref = useRef<SVGSVGElement>(null);
  const onHoverRef = useRef(onHover);
  onHoverRef.current = onHover;
  const onActivateRef = useRef(onActivate);
  onActivateRef.current = onActivate;
  const pct = useMemo(() => new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 }), []);
  // The row's full name: with a location when the region's place is known (WCAG 1.1.1: "region 24" alone says nothing).
  const regionName = (id: number) => {
    const p = places?.[id];
    return p ? t('region.name', { id, place: t(`place.${p.place}`), share: pct.format(Math.max(p.share, 0.005)) }) : t('region.short', { id });
  };
  const nameRef = useRef(regionName);
  nameRef.current = regionName;
  const regionWhere = (id: number) => {
    const p = places?.[id];
    return p ? t('region.where', { place: t(`place.${p.place}`), share: pct.format(Math.max(p.share, 0.005)) }) : '';
  };
  const whereRef = useRef(regionWhere);
  whereRef.current = regionWhere;
  const { rows: tableRows } = useMemo(() => buildWaterfall({ values, stderr, start, end, top }), [values, stderr, start, end, top]);

  useEffect(() => {
    const { rows, domain } = buildWaterfall({ values, stderr, start, end, top });
    const x = d3.scaleLinear().domain(domain).range([LABEL, W - RIGHT]);
    const svg = d3.select(ref.current).attr('viewBox', `0 0 ${W} ${rows.length * ROW + 6}`).attr('height', rows.length * ROW + 6);

    svg.selectAll('line.ref').data(start ? [start.value, ...(end ? [end.value] : [])] : [0]).join('line')
      .attr('class', 'ref')
      .attr('x1', (d) => x(d)).attr('x2', (d) => x(d))
      .attr('y1', 0).attr('y2', rows.length * ROW + 6);

    const g = svg.selectAll<SVGGElement, WaterfallRow>('g.seg-row').data(rows).join((enter) => {
      const r = enter.append('g').attr('class', 'seg-row');
      r.append('rect').attr('class', 'hit').attr('x', 0).attr('y', 0).attr('width', W).attr('height', ROW);
      r.append('rect').attr('class', 'bar').attr('y', 4).attr('height', ROW - 8).attr('rx', 2);
      r.append('line').attr('class', 'err');
      r.append('circle').attr('class', 'dot').attr('r', 3.5).attr('cy', ROW / 2);
      r.append('title');
      r.append('text').attr('class', 'label').attr('x', LABEL - 6).attr('y', ROW / 2).attr('dy', '0.35em').attr('text-anchor', 'end');
      r.append('text').attr('class', 'value').attr('x', W - 2).attr('y', ROW / 2).attr('dy', '0.35em').attr('text-anchor', 'end');
      return r;
    });

    g.attr('transform', (_d, i) => `translate(0, ${i * ROW + 3})`)
      .attr('data-segment', (d) => (d.kind === 'segment' ? d.id : null))
      .attr('data-kind', (d) => d.kind)
      .attr('tabindex', 0)
      .attr('role', (d) => (d.kind === 'segment' ? 'button' : null))
      .classed('hovered', (d) => d.kind === 'segment' && d.id === hover)
      .attr('aria-pressed', (d) => (d.kind === 'segment' ? String(d.id === hover) : null))
      .on('mouseenter focus', (_e, d) => onHoverRef.current(d.kind === 'segment' ? d.id : null))
      .on('mouseleave blur', () => onHoverRef.current(null))
      .on('click', (_e, d) => d.kind === 'segment' && onActivateRef.current?.(d.id))
      .on('keydown', (e: KeyboardEvent, d) => {
        if (d.kind === 'segment' && (e.key === 'Enter' || e.key === ' ')) {
          e.preventDefault();
          onActivateRef.current?.(d.id);
        }
      });

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
    const fullLabel = (d: WaterfallRow) =>
      d.kind === 'segment' ? nameRef.current(d.id) : d.kind === 'rest' ? t('region.others', { count: d.count }) : d.label;
    const shortLabel = (d: WaterfallRow) => (d.kind === 'segment' ? t('region.short', { id: d.id }) : fullLabel(d));
    const fullValue = (d: WaterfallRow) => (d.kind === 'start' || d.kind === 'end' ? formatNumber(d.value) : fmt(d.value));
    // Labels are cut with an ellipsis, never clipped; the full name and value are in the row's title (hover) and aria-label (focus).
    // the no-break space keeps the label and the value two words for assistive technology (the texts touch)
    g.select('text.label').text((d) => `${ellipsize(shortLabel(d), LABEL_CHARS)}\u00a0`);
    g.select('title').text((d) => `${fullLabel(d)}: ${fullValue(d)}${d.kind === 'rest' && d.noise ? ` ${t('region.noise', { count: d.noise })}` : ''}`);
    // The name starts with the visible text (label, then value: WCAG 2.5.3 label in name), then where the region is.
    g.attr('aria-label', (d) => (d.kind === 'segment' && places?.[d.id] ? `${shortLabel(d)}: ${fullValue(d)}, ${whereRef.current(d.id)}` : `${shortLabel(d)}: ${fullValue(d)}`));
    g.select('text.value').text(fullValue);
  }, [values, stderr, start, end, hover, top, t, places]);

  return (
    <>
      <svg ref={ref} className="segment-chart" data-testid="segment-chart" width="100%" role="group" aria-label={title} />
      <ChartTable
        caption={title}
        columns={[t('table.region'), t('table.value'), t('table.runningTotal')]}
        rows={tableRows.map((d) =>
          d.kind === 'segment' ? [regionName(d.id), fmt(d.value), formatNumber(d.to)] : d.kind === 'rest' ? [t('region.others', { count: d.count }), fmt(d.value), formatNumber(d.to)] : [d.label, formatNumber(d.value), formatNumber(d.value)],
        )}
        testId="segment-table"
      />
    </>
  );
}
