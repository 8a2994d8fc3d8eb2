import { useEffect, useRef } from 'react';
import { useStudio } from '../../state/store';
import { loadModelFromFiles } from '../../state/activeModelController';
import { filesFromInput } from '../training/dropFiles';
import { useDropZone } from '../training/useDropZone';
import { modelChangeBlocked, reasonText } from '../../state/availability';

/** Drop or pick model.json with its weight shards (and metadata.json). */
export function LoadModel() {
  const busy = useStudio((s) => s.libraryBusy);
  const trainStatus = useStudio((s) => s.trainStatus);
  const swapBlocked = modelChangeBlocked({ trainStatus, switchingBackend: false });
  const off = Boolean(busy) || Boolean(swapBlocked);
  const files = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  const { over, props } = useDropZone((f) => void loadModelFromFiles(f));
  useEffect(() => {
    folder.current?.setAttribute('webkitdirectory', '');
  }, []);
  return (
    <section className="panel" aria-label="Load a model">
      <div className="panel-head">
        <h2>Load a model you have</h2>
      </div>
      <div className={`dropzone model-drop${over ? ' over' : ''}`} data-testid="model-drop" {...props}>
        <strong>Drop model.json with its .bin files</strong>
        <span>and metadata.json if there is one, the folder holding them, or the model's .zip (Teachable Machine)</span>
        <span className="pick">
          <button type="button" className="link" disabled={off} title={reasonText(swapBlocked)} onClick={() => files.current?.click()}>choose files</button>
          {' · '}
          <button type="button" className="link" disabled={off} title={reasonText(swapBlocked)} onClick={() => folder.current?.click()}>choose a folder</button>
        </span>
      </div>
      <input
        ref={files}
        type="file"
        multiple
        hidden
        accept=".json,.bin,.zip,application/json,application/octet-stream,application/zip"
        data-testid="model-file-input"
        onChange={(e) => {
          const f = filesFromInput(e.currentTarget.files);
          e.currentTarget.value = '';
          void loadModelFromFiles(f);
        }}
      />
      <input
        ref={folder}
        type="file"
        multiple
        hidden
        data-testid="model-folder-input"
        onChange={(e) => {
          const f = filesFromInput(e.currentTarget.files);
          e.currentTarget.value = '';
          void loadModelFromFiles(f);
        }}
      />
      {busy === 'Checking the model…' && <p className="muted">Checking the model…</p>}
      {swapBlocked && <p className="muted" data-testid="load-blocked">{swapBlocked.detail} {swapBlocked.action}</p>}
      <p className="muted hint">
        TensorFlow.js layers models: from Keras through tensorflowjs_converter, Teachable Machine image projects (labels and preprocessing come from metadata.json), or Glassbox's own downloads.
        Every file is checked before anything runs; a broken model is refused with the reason and leaves the current model and images as they are.
      </p>
    </section>
  );
}
