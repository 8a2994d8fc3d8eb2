import { useTranslation } from 'react-i18next';
import type { TrainingOutcome } from '../../shared/training';
import { BaselineTable } from './BaselineTable';
import { WeightMaps } from './WeightMaps';
import { BaselineCompare } from './BaselineCompare';
import './baselines.css';

/**
 * "Models that explain themselves" (issue 17), under the Train view's results: the table of the CNN beside
 * its interpretable baselines, the logistic regression's weight maps, and one image explained by each.
 */
export function BaselinesPanel({ outcome, isActive }: { outcome: TrainingOutcome; isActive: boolean }) {
  const { t } = useTranslation('baselines');
  const report = outcome.baselines;
  if (report === undefined) return null;
  return (
    <section className="baselines" aria-labelledby="baselines-title" data-testid="baselines">
      <h3 id="baselines-title" className="baselines-title">{t('title')}</h3>
      {report === null ? (
        <p className="muted" data-testid="baselines-missing">{t(outcome.baselinesStopped ? 'stopped' : 'failed')}</p>
      ) : (
        <>
          <p className="muted hint">{t('intro', { depth: 4, input: t(report.colour ? 'input.colour' : 'input.grey') })}</p>
          <BaselineTable outcome={outcome} report={report} />
          <WeightMaps report={report} />
          <BaselineCompare outcome={outcome} report={report} isActive={isActive} />
        </>
      )}
    </section>
  );
}
