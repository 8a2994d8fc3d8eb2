import { useStudio, actions } from '../state/store';

const NAMES = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' } as const;

export function BackendBadge() {
  const status = useStudio((s) => s.status);
  const backend = useStudio((s) => s.backend);
  const switching = useStudio((s) => s.switchingBackend);
  const health = useStudio((s) => s.engineHealth.state);
  const label = status === 'starting' ? 'Starting…' : backend ? NAMES[backend.active] : '—';
  // The engine's health outranks the backend's name: a green "WASM" on a dead engine would be a lie.
  const shown = health === 'restarting' ? 'restarting…' : health === 'failed' ? 'stopped' : switching ? 'switching…' : health === 'unresponsive' ? `${label}, not answering` : label;
  const dot = health === 'restarting' || health === 'unresponsive' || health === 'failed' ? health : status;
  return (
    <button className="backend-badge" data-testid="backend-badge" data-backend={backend?.active ?? ''} data-health={health} onClick={() => actions.setView({ settingsOpen: true })} aria-label={`Compute: ${shown}. Open settings`}>
      <span className={`dot ${dot}`} aria-hidden="true" />
      <span>Compute: <strong>{shown}</strong></span>
      <span aria-hidden="true" className="gear">⚙</span>
    </button>
  );
}
