import { useTranslation } from 'react-i18next';

// Said where a person saves a model, and in the privacy panel, only when Glassbox runs from a file
// (dist/glassbox.html opened from disk or a USB stick): there Chromium gives every local HTML file one
// shared storage origin, so any other local page can open the model library. Measured, not assumed: the
// privacy journey (e2e/privacy.e2e.test.ts) reads the library from a second local file.

/** Whether this page was opened from a file (file://). */
export function runsFromFile(): boolean {
  return globalThis.location?.protocol === 'file:';
}

/** The file:// storage warning, or nothing when served from a web address. */
export function FileStorageNote() {
  const { t } = useTranslation('studio');
  if (!runsFromFile()) return null;
  return (
    <p className="warn hint" role="note" data-testid="file-storage-note" style={{ marginBottom: '0.8rem' }}>
      {t('fileStorage')}
    </p>
  );
}
