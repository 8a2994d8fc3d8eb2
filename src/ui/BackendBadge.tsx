import { useStudio, actions } from '../state/store';

const NAMES = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' } as const;

export function BackendBadge() {
  const status = useStudio((s) => s.status);
  const backend = useStudio((s) => s.backend);
  const switching = useStudio((s) => s.switchingBackend);
  const label = status === 'starting' ? 'Starting…' : backend ? NAMES[backend.active] : '—';
  return (
    <button className="backend-badge" data-testid="backend-badge" data-backend={backend?.active ?? ''} onClick={() => actions.setView({ settingsOpen: true })} aria-label={`Compute backend: ${label}. Open settings`}>
      <span className={`dot ${status}`} aria-hidden="true" />
      <span>Compute: <strong>{switching ? 'switching…' : label}</strong></span>
      <span aria-hidden="true" className="gear">⚙</span>
    </button>
  );
}
