import { useModal } from './useModal';
import { actions, useStudio } from '../state/store';
import { switchBackend } from '../state/controller';
import { backendChangeBlocked, reasonText } from '../state/availability';
import { BACKEND_ORDER, type BackendName } from '../shared/types';
import { BackgroundChooser } from './intake/BackgroundChooser';
import { PoolSetting } from './pool/PoolSetting';

const NAMES: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly (WASM)', cpu: 'Plain JavaScript (CPU)' };

export function SettingsPanel() {
  const open = useStudio((s) => s.settingsOpen);
  const report = useStudio((s) => s.backend);
  const switching = useStudio((s) => s.switchingBackend);
  const trainStatus = useStudio((s) => s.trainStatus);
  const training = trainStatus !== 'idle';
  // What cannot happen now is disabled, with the reason on it, rather than failing when tried.
  const blocked = backendChangeBlocked({ trainStatus, switchingBackend: switching });
  const ref = useModal(open);
  return (
    <dialog ref={ref} className="settings" aria-label="Settings" onClose={() => actions.setView({ settingsOpen: false })}>
      <div className="panel-head">
        <h2>Compute backend</h2>
        <button aria-label="Close settings" onClick={() => actions.setView({ settingsOpen: false })}>×</button>
      </div>
      <p className="muted">
        Glassbox measured each backend with a short warm-up and picked the fastest{report?.chosenBy === 'user' ? '; you then chose another' : ''}.
        Software GPU emulation (SwiftShader) is never picked automatically: on a machine without a GPU it is far slower than WASM.
      </p>
      <fieldset disabled={Boolean(blocked)} title={reasonText(blocked)} data-testid="backend-choices">
        <legend className="sr-only">Backend</legend>
        {BACKEND_ORDER.map((name) => {
          const p = report?.probes.find((x) => x.name === name);
          return (
            <label key={name} className={`backend-row ${p?.available ? '' : 'unavailable'}`} data-testid={`backend-${name}`}>
              <input type="radio" name="backend" value={name} checked={report?.active === name} onChange={() => void switchBackend(name)} />
              <span className="backend-name">{NAMES[name]}</span>
              <span className="backend-facts">
                {p?.steadyMs !== undefined && <span>{p.steadyMs.toFixed(1)} ms warm-up</span>}
                {p?.probeMs !== undefined && <span className="muted">probed in {p.probeMs} ms</span>}
                {p?.software && <span className="tag">software</span>}
                {p?.adapter && <span className="muted">{p.adapter}</span>}
                {p?.reason && <span className="muted">{p.reason}</span>}
                {!p && <span className="muted">not probed</span>}
              </span>
            </label>
          );
        })}
      </fieldset>
      {switching && <p className="muted">Switching… the first run on a GPU backend compiles shaders, which can take several seconds.</p>}
      {training && <p className="muted" data-testid="backend-blocked">{blocked?.detail} {blocked?.action}</p>}
      <PoolSetting />
      <BackgroundChooser />
    </dialog>
  );
}
