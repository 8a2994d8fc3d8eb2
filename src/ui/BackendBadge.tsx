import { Trans, useTranslation } from 'react-i18next';
import { useStudio, actions } from '../state/store';

const NAMES = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' } as const;

export function BackendBadge() {
  const { t } = useTranslation('studio');
  const status = useStudio((s) => s.status);
  const backend = useStudio((s) => s.backend);
  const switching = useStudio((s) => s.switchingBackend);
  const health = useStudio((s) => s.engineHealth.state);
  const label = status === 'starting' ? t('badge.starting') : backend ? NAMES[backend.active] : '—';
  // The engine's health outranks the backend's name: a green "WASM" on a dead engine would be a lie.
  const shown = health === 'restarting' ? t('badge.restarting') : health === 'failed' ? t('badge.stopped') : switching ? t('badge.switching') : health === 'unresponsive' ? t('badge.notAnswering', { backend: label }) : label;
  const dot = health === 'restarting' || health === 'unresponsive' || health === 'failed' ? health : status;
  return (
    <button className="backend-badge" data-testid="backend-badge" data-backend={backend?.active ?? ''} data-health={health} onClick={() => actions.setView({ settingsOpen: true })} aria-label={t('badge.label', { shown })}>
      <span className={`dot ${dot}`} aria-hidden="true" />
      <span><Trans t={t} i18nKey="badge.compute" values={{ shown }} components={{ b: <strong /> }} /></span>
      <span aria-hidden="true" className="gear">⚙</span>
    </button>
  );
}
