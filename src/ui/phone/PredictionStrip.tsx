import { useTranslation } from 'react-i18next';
import { predictionOf, useStudio } from '../../state/store';
import { formatProbability } from '../../shared/readable';

/**
 * Phones only (CSS hides it above 960 px, where the prediction panel sits beside the map): one line above
 * the map saying what the model predicts and which class the map explains, with a link down to all classes.
 */
export function PredictionStrip() {
  const { t } = useTranslation('phone');
  const selectedId = useStudio((s) => s.selectedId);
  const target = useStudio((s) => s.target);
  const current = useStudio((s) => predictionOf(s, s.selectedId));
  if (!selectedId) return null;
  if (!current) return <p className="prediction-strip panel muted" data-testid="phone-prediction">{t('strip.predicting')}</p>;
  const top = current.labels[current.top] ?? `${current.top}`;
  const cls = target ?? current.top;
  const explained = current.labels[cls] ?? `${cls}`;
  return (
    <p className="prediction-strip panel" data-testid="phone-prediction">
      <span className="strip-text">
        {t('strip.says')} <strong className="class-name" title={top}>{top}</strong> ({formatProbability(current.probabilities[current.top])})
        {cls !== current.top && (
          <>
            {' · '}
            {t('strip.explaining')} <strong className="class-name" title={explained}>{explained}</strong>
          </>
        )}
      </span>
      <a
        className="strip-link"
        href="#prediction-panel"
        onClick={(e) => {
          e.preventDefault();
          document.querySelector('.side')?.scrollIntoView({ block: 'start', behavior: 'smooth' });
        }}
      >
        {t('strip.allClasses')}
      </a>
    </p>
  );
}
