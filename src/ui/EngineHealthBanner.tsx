import { useTranslation } from 'react-i18next';
import { useStudio } from '../state/store';
import { dismissHealth, restartEngine, runAgain } from '../state/recoveryController';
import { refreshExplanation } from '../state/controller';

/**
 * One sentence about the compute engine when it is not well: not answering (with "Restart now"),
 * restarting after it stopped, back with the images and model (with "Run again"), or given up (with
 * "Start again"). Nothing when all is well.
 */
export function EngineHealthBanner() {
  const { t } = useTranslation('studio');
  const h = useStudio((s) => s.engineHealth);
  if (h.state === 'ok' || !h.message) return null;
  const alarming = h.state === 'restarting' || h.state === 'failed';
  return (
    <div className={`engine-health ${h.state}`} data-testid="engine-health" data-state={h.state} role={alarming ? 'alert' : 'status'}>
      {h.state === 'restarting' && <span className="spinner" aria-hidden="true" />}
      <p data-testid="engine-health-message">{h.message}</p>
      {h.state === 'recovered' && h.canRunAgain && (
        <button
          className="primary"
          data-testid="run-again"
          onClick={() => {
            runAgain();
            void refreshExplanation();
          }}
        >
          {t('health.runAgain')}
        </button>
      )}
      {h.state === 'unresponsive' && <button data-testid="restart-engine" onClick={restartEngine}>{t('health.restartNow')}</button>}
      {h.state === 'failed' && <button className="primary" data-testid="restart-engine" onClick={restartEngine}>{t('health.startAgain')}</button>}
      {h.state === 'recovered' && <button className="dismiss" aria-label={t('dismiss')} onClick={dismissHealth}>×</button>}
    </div>
  );
}
