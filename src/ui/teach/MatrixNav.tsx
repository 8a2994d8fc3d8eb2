import { useTranslation } from 'react-i18next';
import { useStudio } from '../../state/store';
import { explainImage, showView } from '../../state/views';
import { openConfusionCell } from '../../state/trainingController';
import type { TrainingOutcome, ValidationItem } from '../../shared/training';

/**
 * The next misclassified validation image after `current` (in the outcome's order, wrapping round), or
 * null when `current` is the only error or there is none.
 */
export function nextError(outcome: Pick<TrainingOutcome, 'validation'>, currentId: string): ValidationItem | null {
  const v = outcome.validation;
  const at = v.findIndex((x) => x.image.id === currentId);
  for (let k = 1; k <= v.length; k++) {
    const item = v[(Math.max(at, 0) + k) % v.length];
    if (item.trueLabel !== item.predicted && item.image.id !== currentId) return item;
  }
  return null;
}

/**
 * Shown above the map when the explained image is a validation image of the last training run (opened from
 * the confusion matrix): which cell it is in, "next error" and "back to the matrix", and, for a synthetic
 * shortcut image, that it carries the marker. Renders nothing for any other image.
 */
export function MatrixNav() {
  const { t } = useTranslation('teach');
  const outcome = useStudio((s) => s.trainOutcome);
  const selectedId = useStudio((s) => s.selectedId);
  if (!outcome || !selectedId) return null;
  const item = outcome.validation.find((v) => v.image.id === selectedId);
  if (!item) return null;
  const cellItems = outcome.validation.filter((v) => v.trueLabel === item.trueLabel && v.predicted === item.predicted);
  const index = cellItems.findIndex((v) => v.image.id === selectedId) + 1;
  const next = nextError(outcome, selectedId);
  const labels = outcome.labels;
  return (
    <nav className="matrix-nav" aria-label={t('matrix.nav')} data-testid="matrix-nav">
      <span data-testid="matrix-cell">
        {item.trueLabel === item.predicted
          ? t('matrix.cellRight', { trueLabel: labels[item.trueLabel] })
          : t('matrix.cell', { trueLabel: labels[item.trueLabel], predicted: labels[item.predicted] })}
        {' · '}
        {t('matrix.position', { index, total: cellItems.length })}
      </span>
      <button type="button" className="link" data-testid="next-error" disabled={!next} onClick={() => next && explainImage(next)}>
        {next ? t('matrix.nextError') : t('matrix.noMoreErrors')}
      </button>
      <button
        type="button"
        className="link"
        data-testid="back-to-matrix"
        onClick={() => {
          openConfusionCell(item.trueLabel, item.predicted);
          showView('train');
          // Focus the matrix's selected cell once the Train view is there (keyboard users land where they left).
          requestAnimationFrame(() => (document.querySelector('[data-testid="train-results"] [aria-pressed="true"], [data-testid="train-results"] [aria-selected="true"], [data-testid="train-results"]') as HTMLElement | null)?.focus?.());
        }}
      >
        {t('matrix.back')}
      </button>
      {item.image.groundTruth && <span className="muted" data-testid="ground-truth-note">{t('matrix.truth')}</span>}
      {item.marker && <span className="marker-note" data-testid="marker-note">{t('matrix.marker')}</span>}
    </nav>
  );
}
