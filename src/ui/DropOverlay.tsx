import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadFiles } from '../state/imagesController';
import { loadDropped } from '../state/intakeController';
import { filesFromDataTransfer } from './training/dropFiles';
import { useStudio } from '../state/store';

/** The whole window accepts dropped files and pasted images. */
export function DropOverlay() {
  const { t } = useTranslation('studio');
  const [over, setOver] = useState(false);
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    // The Train and Models views have drop zones of their own; elsewhere there, a drop adds nothing.
    const elsewhere = () => useStudio.getState().view !== 'explain';
    const enter = (e: DragEvent) => {
      if (!hasFiles(e) || elsewhere()) return;
      depth++;
      setOver(true);
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (!depth) setOver(false);
    };
    const overFn = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      e.preventDefault();
      depth = 0;
      setOver(false);
      if (elsewhere()) return;
      // Images go to the gallery, a model's files (or its .zip) load as the model; dropped folders are walked.
      void filesFromDataTransfer(e.dataTransfer).then(loadDropped);
    };
    const paste = (e: ClipboardEvent) => {
      const files = Array.from(e.clipboardData?.files ?? []);
      if (files.length) {
        e.preventDefault();
        void loadFiles(files.map((f, i) => (f.name && f.name !== 'image.png' ? f : new File([f], `pasted-${Date.now()}-${i}.${f.type.split('/')[1] || 'png'}`, { type: f.type }))));
      }
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', overFn);
    window.addEventListener('drop', drop);
    window.addEventListener('paste', paste);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', overFn);
      window.removeEventListener('drop', drop);
      window.removeEventListener('paste', paste);
    };
  }, []);
  if (!over) return null;
  return (
    <div className="drop-overlay" aria-hidden="true">
      <div>{t('drop')}</div>
    </div>
  );
}
