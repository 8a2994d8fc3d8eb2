import { useState } from 'react';
import { useModal } from './useModal';
import { actions, useStudio } from '../state/store';
import { describeForget, forgetEverything } from '../state/forget';
import { FileStorageNote } from './FileStorageNote';

/** The one place that says what happens to the person's data, how that is enforced, and forgets it all. */
export function PrivacyPanel() {
  const open = useStudio((s) => s.privacyOpen);
  const ref = useModal(open);
  const [result, setResult] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const forget = async () => {
    setBusy(true);
    try {
      const text = describeForget(await forgetEverything());
      setResult(text);
      actions.notify({ kind: 'info', title: 'Forgotten', detail: text });
    } catch (e) {
      actions.notify({ kind: 'error', title: 'Could not forget everything', detail: String((e as Error).message ?? e), action: 'Close other Glassbox tabs and try again.' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <dialog ref={ref} className="settings privacy-panel" aria-label="Privacy" data-testid="privacy-panel" onClose={() => actions.setView({ privacyOpen: false })}>
      <div className="panel-head">
        <h2>Your data stays on this machine</h2>
        <button aria-label="Close" onClick={() => actions.setView({ privacyOpen: false })}>×</button>
      </div>
      <p>
        Glassbox has no server. Images you open are decoded and explained inside this browser tab, in a
        background worker; models you train or load stay in memory and, if you save them, in this browser’s own
        storage (IndexedDB). Nothing is uploaded, and there are no analytics, telemetry, fonts or scripts from elsewhere.
      </p>
      <p className="muted">
        How that is enforced: the page’s Content-Security-Policy lets it contact nothing but its own origin, and the
        background worker runs under that same policy (it is started from inside the page, so it inherits it;
        where Glassbox serves itself, every file also carries the policy as a header). Glassbox’s automated tests
        record every request the page makes, try to reach another server from inside every worker, and fail if
        anything leaves.
      </p>
      <FileStorageNote />
      <div className="forget">
        <button className="danger" data-testid="forget" disabled={busy} onClick={() => void forget()}>
          Forget everything
        </button>
        <span className="muted">
          Deletes Glassbox’s saved models and stored settings, and the images and training sets loaded in this session.
          Other applications’ data in this browser is left alone.
        </span>
      </div>
      {result && <p data-testid="forget-result">{result}</p>}
    </dialog>
  );
}
