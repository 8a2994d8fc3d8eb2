import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../state/store';
import { deleteSavedModel, loadSavedModel, renameSavedModel } from '../../state/libraryController';
import { downloadModel } from './download';
import { modelChangeBlocked, reasonText } from '../../state/availability';
import { formatPercent } from '../../state/trainingSlice';
import type { SavedModelEntry } from '../../shared/training';

function Row({ e, active, busy }: { e: SavedModelEntry; active: boolean; busy: boolean }) {
  const { t, i18n } = useTranslation('phone');
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
            aria-label={t('saved.newName')}
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
        {active && <span className="tag-soft">{t('saved.active')}</span>}
        <span className="muted saved-facts">
          {t('saved.facts', {
            date: new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(e.savedAt)),
            count: e.labels.length,
            labels: e.labels.join(', '),
            accuracy: formatPercent(e.accuracy),
            size: new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 0 }).format(e.sizeBytes / 1024),
          })}
        </span>
      </div>
      <div className="saved-actions">
        <button className="primary" data-testid="load-saved" disabled={busy || active || Boolean(swapBlocked)} title={reasonText(swapBlocked)} onClick={() => void loadSavedModel(e.id)}>{active ? t('saved.loaded') : t('saved.load')}</button>
        <button data-testid="rename-saved" disabled={busy} onClick={() => setEditing(true)}>{t('saved.rename')}</button>
        <button data-testid="download-saved" disabled={busy} onClick={() => void downloadModel(e.id)}>{t('saved.download')}</button>
        {confirm ? (
          <button className="danger" data-testid="confirm-delete" disabled={busy} onClick={() => void deleteSavedModel(e.id)} onBlur={() => setConfirm(false)}>{t('saved.reallyDelete')}</button>
        ) : (
          <button data-testid="delete-saved" disabled={busy} onClick={() => setConfirm(true)}>{t('saved.delete')}</button>
        )}
      </div>
    </li>
  );
}

/** Models saved in this browser (IndexedDB). */
export function SavedModels() {
  const { t } = useTranslation('phone');
  const entries = useStudio((s) => s.savedModels);
  const activeId = useStudio((s) => s.modelOrigin?.libraryId ?? null);
  const busy = useStudio((s) => s.libraryBusy);
  return (
    <section className="panel" aria-label={t('saved.title')} data-testid="saved-models">
      <div className="panel-head">
        <h2>{t('saved.title')}</h2>
        <span className="muted">{busy ?? (entries ? t('saved.count', { count: entries.length }) : t('saved.reading'))}</span>
      </div>
      {entries && entries.length === 0 && <p className="muted">{t('saved.empty')}</p>}
      {entries && entries.length > 0 && (
        <ul className="saved-list">
          {entries.map((e) => (
            <Row key={`${e.id}:${e.name}`} e={e} active={e.id === activeId} busy={Boolean(busy)} />
          ))}
        </ul>
      )}
      <p className="muted hint">{t('saved.hint')}</p>
    </section>
  );
}
