import { useTranslation } from 'react-i18next';
import type { BaselineReport } from '../../shared/baselines';
import { SignedLegend, SignedMap, symmetricMax } from './SignedMap';

/** The logistic regression's weights per class as 16x16 maps on one shared diverging scale (so classes compare). */
export function WeightMaps({ report }: { report: BaselineReport }) {
  const { t } = useTranslation('baselines');
  const max = Math.max(...report.weightMaps.map(symmetricMax));
  return (
    <div className="baseline-weights" data-testid="baseline-weights">
      <h3>{t('weights.title')}</h3>
      <p className="muted hint">{t(report.colour ? 'weights.noteColour' : 'weights.note')}</p>
      <ul>
        {report.weightMaps.map((w, c) => (
          <li key={c}>
            <SignedMap values={w} size={report.inputSize} max={max} label={t('weights.map', { label: report.labels[c] })} testId="baseline-weight-map" />
            <span>{report.labels[c]}</span>
          </li>
        ))}
      </ul>
      <SignedLegend max={max} units={t('weights.units')} />
    </div>
  );
}
