import { useState } from 'react';
import { useStudio } from '../../state/store';
import { deleteSavedModel, loadSavedModel, renameSavedModel } from '../../state/libraryController';
import { downloadModel } from './download';
import { modelChangeBlocked, reasonText } from '../../state/availability';
import { formatPercent } from '../../state/trainingSlice';
import type { SavedModelEntry } from '../../shared/training';

function Row({ e, active, busy }: { e: SavedModelEntry; active: boolean; busy: boolean }) {
  const trainStatus = useStudio((s) => s.trainStatus);
  const swapBlocked = modelChangeBlocked({ trainStatus, switchingBackend: false });
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(e.name);
  const [confirm, setConfirm] = useState(false);
  const commit = () => {
    setEditing(false);
    if (name.trim() && name.trim() !== e.name) void renameSavedModel(e.id, name);
    else setName(e.name);
  };
  return (
    <li className={`saved${active ? ' active' : ''}`} data-testid="saved-model" data-name={e.name}>
      <div className="saved-main">
        {editing ? (
          <input
            autoFocus
            value={name}
            aria-label="New name"
            data-testid="rename-input"
            onChange={(x) => setName(x.target.value)}
            onBlur={commit}
            onKeyDown={(x) => {
              if (x.key === 'Enter') commit();
              if (x.key === 'Escape') {
                setName(e.name);
                setEditing(false);
              }
            }}
          />
        ) : (
          <strong className="saved-name">{e.name}</strong>
        )}
        {active && <span className="tag-soft">active</span>}
        <span className="muted saved-facts">
          {new Date(e.savedAt).toLocaleString()} · {e.labels.length} classes: {e.labels.join(', ')} · accuracy {formatPercent(e.accuracy)} · {(e.sizeBytes / 1024).toFixed(0)} KB
        </span>
      </div>
      <div className="saved-actions">
        <button className="primary" data-testid="load-saved" disabled={busy || active || Boolean(swapBlocked)} title={reasonText(swapBlocked)} onClick={() => void loadSavedModel(e.id)}>{active ? 'Loaded' : 'Load'}</button>
        <button data-testid="rename-saved" disabled={busy} onClick={() => setEditing(true)}>Rename</button>
        <button data-testid="download-saved" disabled={busy} onClick={() => void downloadModel(e.id)}>Download</button>
        {confirm ? (
          <button className="danger" data-testid="confirm-delete" disabled={busy} onClick={() => void deleteSavedModel(e.id)} onBlur={() => setConfirm(false)}>Really delete?</button>
        ) : (
          <button data-testid="delete-saved" disabled={busy} onClick={() => setConfirm(true)}>Delete</button>
        )}
      </div>
    </li>
  );
}

/** Models saved in this browser (IndexedDB). */
export function SavedModels() {
  const entries = useStudio((s) => s.savedModels);
  const activeId = useStudio((s) => s.modelOrigin?.libraryId ?? null);
  const busy = useStudio((s) => s.libraryBusy);
  return (
    <section className="panel" aria-label="Saved models" data-testid="saved-models">
      <div className="panel-head">
        <h2>Saved in this browser</h2>
        <span className="muted">{busy ?? (entries ? `${entries.length} model${entries.length === 1 ? '' : 's'}` : 'reading…')}</span>
      </div>
      {entries && entries.length === 0 && <p className="muted">No saved models yet. Train one, or load one from files, then press “Save to library”.</p>}
      {entries && entries.length > 0 && (
        <ul className="saved-list">
          {entries.map((e) => (
            <Row key={`${e.id}:${e.name}`} e={e} active={e.id === activeId} busy={Boolean(busy)} />
          ))}
        </ul>
      )}
      <p className="muted hint">Saved models stay on this machine, in this browser's storage. Clearing site data removes them: download the ones you want to keep.</p>
    </section>
  );
}
