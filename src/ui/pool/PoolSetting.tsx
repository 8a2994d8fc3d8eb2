// Settings: how many helper engines the sampling methods spread their batches over (issue 15 §1).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getEngine } from '../../state/controller';
import { AUTO_MIN_CORES } from '../../worker/client';

type Choice = number | 'auto';

export function PoolSetting() {
  const { t } = useTranslation('pool');
  const engine = getEngine();
  const max = engine.poolChoices();
  const auto = engine.poolAuto();
  const [choice, setChoice] = useState<Choice>(() => engine.poolSetting());
  const [status, setStatus] = useState<{ helpers: number; ready: number; lost: number } | null>(null);
  useEffect(() => {
    let live = true;
    const read = () => void engine.poolStatus().then((s) => live && setStatus(s), () => undefined);
    read();
    const timer = setInterval(read, 2000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [engine, choice]);
  const change = (v: string) => {
    const next: Choice = v === 'auto' ? 'auto' : Number(v);
    setChoice(next);
    void engine.setPoolSize(next);
  };
  return (
    <fieldset data-testid="pool-setting">
      <legend>{t('title')}</legend>
      <p className="muted">{t('help')}</p>
      <select aria-label={t('title')} value={String(choice)} onChange={(e) => change(e.target.value)} data-testid="pool-size">
        <option value="auto">{auto > 0 ? t('auto', { count: auto }) : t('autoOff', { cores: AUTO_MIN_CORES })}</option>
        <option value="0">{t('off')}</option>
        {Array.from({ length: max }, (_, i) => i + 1).map((n) => (
          <option key={n} value={String(n)}>
            {t('count', { count: n })}
          </option>
        ))}
      </select>
      {status && (
        <p className="muted" data-testid="pool-status">
          {status.helpers === 0 ? t('statusOff') : t('status', { ready: status.ready, helpers: status.helpers })}
          {status.lost > 0 && <> · {t('statusLost', { lost: status.lost })}</>}
        </p>
      )}
    </fieldset>
  );
}
