import { useModal } from './useModal';
import { actions, useStudio } from '../state/store';
import { switchBackend } from '../state/controller';
import { backendChangeBlocked, reasonText } from '../state/availability';
import { BACKEND_ORDER } from '../shared/types';
import { BackgroundChooser } from './intake/BackgroundChooser';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../shared/readable';
import { PoolSetting } from './pool/PoolSetting';


export function SettingsPanel() {
  const { t } = useTranslation('studio');
  const open = useStudio((s) => s.settingsOpen);
  const report = useStudio((s) => s.backend);
  const switching = useStudio((s) => s.switchingBackend);
  const trainStatus = useStudio((s) => s.trainStatus);
  const training = trainStatus !== 'idle';
  // What cannot happen now is disabled, with the reason on it, rather than failing when tried.
  const blocked = backendChangeBlocked({ trainStatus, switchingBackend: switching });
  const ref = useModal(open);
  return (
    <dialog ref={ref} className="settings" aria-label={t('settings.label')} onClose={() => actions.setView({ settingsOpen: false })}>
      <div className="panel-head">
        <h2>{t('settings.heading')}</h2>
        <button aria-label={t('settings.close')} onClick={() => actions.setView({ settingsOpen: false })}>×</button>
      </div>
      <p className="muted">
        {t(report?.chosenBy === 'user' ? 'settings.measuredUser' : 'settings.measured')} {t('settings.software')}
      </p>
      <fieldset disabled={Boolean(blocked)} title={reasonText(blocked)} data-testid="backend-choices">
        <legend className="sr-only">{t('settings.backend')}</legend>
        {BACKEND_ORDER.map((name) => {
          const p = report?.probes.find((x) => x.name === name);
          return (
            <label key={name} className={`backend-row ${p?.available ? '' : 'unavailable'}`} data-testid={`backend-${name}`}>
              <input type="radio" name="backend" value={name} checked={report?.active === name} onChange={() => void switchBackend(name)} />
              <span className="backend-name">{t(`settings.names.${name}`)}</span>
              <span className="backend-facts">
                {p?.steadyMs !== undefined && <span>{t('settings.warmup', { ms: formatNumber(p.steadyMs, 2) })}</span>}
                {p?.probeMs !== undefined && <span className="muted">{t('settings.probed', { ms: formatNumber(p.probeMs, 2) })}</span>}
                {p?.software && <span className="tag">{t('settings.softwareTag')}</span>}
                {p?.adapter && <span className="muted">{p.adapter}</span>}
                {p?.reason && <span className="muted">{p.reason}</span>}
                {!p && <span className="muted">{t('settings.notProbed')}</span>}
              </span>
            </label>
          );
        })}
      </fieldset>
      {switching && <p className="muted">{t('settings.switching')}</p>}
      {training && <p className="muted" data-testid="backend-blocked">{blocked?.detail} {blocked?.action}</p>}
      <PoolSetting />
      <BackgroundChooser />
    </dialog>
  );
}
