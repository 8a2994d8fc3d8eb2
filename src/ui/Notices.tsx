import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { actions, useStudio, type Notice } from '../state/store';
import { MessageText } from './FileName';

/** How long a notice that is not an error stays, in ms, while the pointer and the focus are elsewhere. */
export const NOTICE_MS = 6000;

function NoticeCard({ n }: { n: Notice }) {
  const { t } = useTranslation('phone');
  const [held, setHeld] = useState(false);
  const hovered = useRef(false);
  const focused = useRef(false);
  const update = () => setHeld(hovered.current || focused.current);
  // Errors stay until dismissed; other notices leave by themselves after NOTICE_MS, the clock restarting
  // whenever the pointer or the focus leaves them (WCAG 2.2.1: the person controls the timing).
  useEffect(() => {
    if (n.kind === 'error' || held) return;
    const timer = window.setTimeout(() => actions.dismiss(n.id), NOTICE_MS);
    return () => window.clearTimeout(timer);
  }, [n.id, n.kind, held]);
  return (
    <div
      className={`notice ${n.kind}`}
      data-testid="notice"
      data-kind={n.kind}
      onPointerEnter={() => { hovered.current = true; update(); }}
      onPointerLeave={() => { hovered.current = false; update(); }}
      onFocus={() => { focused.current = true; update(); }}
      onBlur={() => { focused.current = false; update(); }}
    >
      <div className="notice-text">
        <strong><MessageText text={n.title} /></strong>
        <p><MessageText text={n.detail} /></p>
        {n.action && <p className="action"><MessageText text={n.action} /></p>}
      </div>
      <button aria-label={t('notices.dismiss')} onClick={() => actions.dismiss(n.id)}>×</button>
    </div>
  );
}

/**
 * Messages for the person, bottom right on wide screens and a strip along the bottom edge on phones
 * (styles.css keeps them off the controls: the page gets bottom padding while notices are shown).
 */
export function Notices() {
  const notices = useStudio((s) => s.notices);
  const shown = notices.length > 0;
  const box = useRef<HTMLDivElement>(null);
  // The page gets as much room below its content as the notices take, so every control can be scrolled
  // clear of them.
  useEffect(() => {
    const root = document.documentElement;
    const el = box.current;
    if (!shown || !el) {
      root.style.removeProperty('--notices-h');
      return;
    }
    const ro = new ResizeObserver(() => root.style.setProperty('--notices-h', `${Math.ceil(el.getBoundingClientRect().height) + 16}px`));
    ro.observe(el);
    return () => {
      ro.disconnect();
      root.style.removeProperty('--notices-h');
    };
  }, [shown]);
  if (!shown) return null;
  return (
    <div ref={box} className="notices" role="status" aria-live="polite">
      {notices.map((n) => (
        <NoticeCard key={n.id} n={n} />
      ))}
    </div>
  );
}
