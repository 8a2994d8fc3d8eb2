import { useStudio } from '../../state/store';
import { loadDemoModel, updateCurrentModel } from '../../state/activeModelController';
import { saveCurrentModel } from '../../state/libraryController';
import { downloadModel } from './download';
import { modelChangeBlocked, reasonText } from '../../state/availability';
import { formatPercent } from '../../state/trainingSlice';
import { MetadataEditor } from './MetadataEditor';
import { FileStorageNote } from '../FileStorageNote';

const SOURCES: Record<string, string> = { demo: 'demo', trained: 'trained here', uploaded: 'loaded from files', 'teachable-machine': 'Teachable Machine' };

function shape(s: (number | null)[]): string {
  return `[${s.map((d) => (d === null || d < 0 ? 'any' : d)).join(', ')}]`;
}

/** The active model: summary, CAM layer, layers, and its labels and preprocessing. */
export function CurrentModel() {
  const model = useStudio((s) => s.model);
  const origin = useStudio((s) => s.modelOrigin);
  const busy = useStudio((s) => s.libraryBusy);
  const trainStatus = useStudio((s) => s.trainStatus);
  const swapBlocked = modelChangeBlocked({ trainStatus, switchingBackend: false });
  if (!model || !origin) return <section className="panel"><p className="muted">Reading the model…</p></section>;
  const meta = origin.metadata;
  const out = model.layers[model.layers.length - 1]?.outputShape ?? [];
  const accuracy = meta.validationAccuracy ?? meta.testAccuracy;
  const chosen = model.defaultCamLayer;
  const spatial = model.camLayers.filter((l) => !model.convLayers.includes(l));
  return (
    <section className="panel current-model" aria-label="Active model" data-testid="current-model">
      <div className="panel-head">
        <h2>Active model</h2>
        <span className="tag-soft">{SOURCES[meta.source ?? ''] ?? 'model'}</span>
      </div>
      <p className="model-title" data-testid="current-model-name">{model.name}</p>
      <dl className="summary" data-testid="model-summary">
        <div><dt>layers</dt><dd>{model.layers.length}</dd></div>
        <div><dt>parameters</dt><dd>{model.params.toLocaleString()}</dd></div>
        <div><dt>input</dt><dd>{shape(model.inputShape)}</dd></div>
        <div><dt>output</dt><dd>{shape(out)}</dd></div>
        <div><dt>classes</dt><dd>{model.labels.join(', ')}</dd></div>
        {accuracy !== undefined && <div><dt>{meta.validationAccuracy !== undefined ? 'validation acc.' : 'test acc.'}</dt><dd>{formatPercent(accuracy)}</dd></div>}
      </dl>
      <div className="model-actions">
        <button className="primary" data-testid="save-current" disabled={Boolean(busy) || origin.libraryId !== null} onClick={() => void saveCurrentModel()}>
          {origin.libraryId ? 'In the library' : 'Save to library'}
        </button>
        <button data-testid="download-current" disabled={Boolean(busy)} onClick={() => void downloadModel(null)}>Download files</button>
        {meta.source !== 'demo' && <button className="link" disabled={Boolean(busy) || Boolean(swapBlocked)} title={reasonText(swapBlocked)} onClick={() => void loadDemoModel()}>Back to the demo model</button>}
      </div>
      <FileStorageNote />
      {(meta.needsReview || origin.warnings.length > 0) && (
        <div className="warn" role="note" data-testid="model-warnings">
          {meta.needsReview && (
            <p>
              <strong>Please check the labels and the preprocessing below</strong>
              {origin.warnings.length ? ':' : ': they were guessed, because the model came without usable metadata.'}
            </p>
          )}
          {origin.warnings.length > 0 && (
            <ul>
              {origin.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <fieldset className="cam-choice" data-testid="cam-layers">
        <legend>Layer for CAM methods (Grad-CAM and friends)</legend>
        {model.camLayers.length === 0 ? (
          <p className="muted">This model has no layer with a spatial output: CAM methods cannot run; gradient and perturbation methods can.</p>
        ) : (
          <>
            {[...model.convLayers, ...spatial].map((l) => (
              <label key={l} className={`cam-row${l === chosen ? ' chosen' : ''}`}>
                <input type="radio" name="cam-layer" value={l} checked={l === chosen} disabled={Boolean(busy)} onChange={() => void updateCurrentModel({ camLayer: l })} />
                <code>{l}</code>
                <span className="muted">{shape(model.layers.find((x) => x.path === l)?.outputShape ?? [])}{model.convLayers.includes(l) ? '' : ' · not a conv layer'}</span>
                {l === chosen && <span className="tag-soft">used</span>}
              </label>
            ))}
            <p className="muted hint">
              {meta.camLayer ? <>You chose this layer. <button className="link" onClick={() => void updateCurrentModel({ camLayer: null })}>Use the automatic choice</button></> : 'Chosen automatically: the last convolutional layer with a spatial size above 1.'}
              {' '}A method's own options can still pick another.
            </p>
          </>
        )}
      </fieldset>
      <details className="layers">
        <summary>All {model.layers.length} layers</summary>
        <table className="layer-table">
          <thead><tr><th>layer</th><th>class</th><th>output</th><th>params</th></tr></thead>
          <tbody>
            {model.layers.map((l) => (
              <tr key={l.path} className={l.path === chosen ? 'chosen' : l.isConv ? 'conv' : ''}>
                <td><code>{l.path}</code></td>
                <td>{l.className}</td>
                <td>{shape(l.outputShape)}</td>
                <td>{l.params.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <details className="about" open={Boolean(meta.needsReview)}>
        <summary>Labels and preprocessing</summary>
        <MetadataEditor key={`${origin.serial}:${JSON.stringify(meta.labels)}:${JSON.stringify(meta.preprocessing)}`} meta={meta} model={model} inLibrary={origin.libraryId !== null} />
      </details>
    </section>
  );
}
