import { useState } from 'react';
import { useModal } from './useModal';
import { actions, useStudio } from '../state/store';
import { describeForget, forgetEverything } from '../state/forget';
import { FileStorageNote } from './FileStorageNote';
import { useTranslation } from 'react-i18next';

/** The one place that says what happens to the person's data, how that is enforced, and forgets it all. */
export function PrivacyPanel() {
  const { t } = useTranslation('studio');
  const open = useStudio((s) => s.privacyOpen);
  const ref = useModal(open);
  const [result, setResult] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const forget = async () => {
    setBusy(true);
    try {
      const text = describeForget(await forgetEverything());
      setResult(text);
      actions.notify({ kind: 'info', title: t('privacy.forgotten'), detail: text });
    } catch (e) {
      actions.notify({ kind: 'error', title: t('privacy.forgetFailed'), detail: String((e as Error).message ?? e), action: t('privacy.forgetFailedAction') });
    } finally {
      setBusy(false);
    }
  };
  return (
    <dialog ref={ref} className="settings privacy-panel" aria-label={t('privacy.label')} data-testid="privacy-panel" onClose={() => actions.setView({ privacyOpen: false })}>
      <div className="panel-head">
        <h2>{t('privacy.heading')}</h2>
        <button aria-label={t('close')} onClick={() => actions.setView({ privacyOpen: false })}>×</button>
      </div>
      <p>
        {t('privacy.body')}
      </p>
      <p className="muted">
        {t('privacy.enforced')}
      </p>
      <FileStorageNote />
      <div className="forget">
        <button className="danger" data-testid="forget" disabled={busy} onClick={() => void forget()}>
          {t('privacy.forget')}
        </button>
        <span className="muted">
          {t('privacy.forgetHint')}
        </span>
      </div>
      {result && <p data-testid="forget-result">{result}</p>}
    </dialog>
  );
}
