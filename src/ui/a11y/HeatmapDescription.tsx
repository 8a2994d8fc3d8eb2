import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attribution } from '../../shared/types';
import { describeHeatmap } from './where';

/**
 * A sentence under the map saying where its evidence is ("strongest in the upper left of the image; the
 * strong part covers 12% of the image"): the heatmap's text alternative (WCAG 1.1.1), for everyone.
 */
export function HeatmapDescription({ attribution, label }: { attribution: Attribution; label: string }) {
  const { t } = useTranslation('a11y');
  const words = useMemo(() => describeHeatmap(attribution.values, attribution.width, attribution.height, attribution.signed), [attribution]);
  const pct = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });
  const text =
    words.kind === 'empty'
      ? t('where.empty')
      : t(words.spread ? 'where.spread' : 'where.evidence', { label, place: t(`place.${words.place}`), share: pct.format(Math.max(words.share, 0.005)) });
  return (
    <p className="muted heatmap-where" data-testid="heatmap-where" data-place={words.kind === 'evidence' ? words.place : ''}>
      {text}
    </p>
  );
}
