import { actions, useStudio } from '../state/store';
import { MessageText } from './FileName';

export function Notices() {
  const notices = useStudio((s) => s.notices);
  if (!notices.length) return null;
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice ${n.kind}`} data-testid="notice">
          <div className="notice-text">
            <strong><MessageText text={n.title} /></strong>
            <p><MessageText text={n.detail} /></p>
            {n.action && <p className="action"><MessageText text={n.action} /></p>}
          </div>
          <button aria-label="Dismiss" onClick={() => actions.dismiss(n.id)}>×</button>
        </div>
      ))}
    </div>
  );
}
