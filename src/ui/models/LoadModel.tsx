import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../state/store';
import { loadModelFromFiles } from '../../state/activeModelController';
import { filesFromInput } from '../training/dropFiles';
import { useDropZone } from '../training/useDropZone';
import { modelChangeBlocked, reasonText } from '../../state/availability';

/** Drop or pick model.json with its weight shards (and metadata.json). */
export function LoadModel() {
  const { t } = useTranslation('phone');
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
    <section className="panel" aria-label={t('load.title')}>
      <div className="panel-head">
        <h2>{t('load.title')}</h2>
      </div>
      <div className={`dropzone model-drop${over ? ' over' : ''}`} data-testid="model-drop" {...props}>
        <strong>{t('load.drop')}</strong>
        <span>{t('load.dropMore')}</span>
        <span className="pick">
          <button type="button" className="link" disabled={off} title={reasonText(swapBlocked)} onClick={() => files.current?.click()}>{t('load.files')}</button>
          {' · '}
          <button type="button" className="link" disabled={off} title={reasonText(swapBlocked)} onClick={() => folder.current?.click()}>{t('load.folder')}</button>
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
      {busy === t('state:library.checking') && <p className="muted">{busy}</p>}
      {swapBlocked && <p className="muted" data-testid="load-blocked">{swapBlocked.detail} {swapBlocked.action}</p>}
      <p className="muted hint">{t('load.hint')}</p>
    </section>
  );
}
