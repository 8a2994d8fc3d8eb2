import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The top bar's controls. Wide screens show them in one row; below 900 px (CSS, .topbar-menu) they fold
 * behind a disclosure button (WAI-ARIA APG "Disclosure" pattern: a button with aria-expanded and
 * aria-controls). Choosing anything in the open menu closes it; Escape closes it and returns focus to the button.
 */
export function HeaderMenu({ children }: { children: ReactNode }) {
  const { t } = useTranslation('phone');
  const [open, setOpen] = useState(false);
  const id = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        toggle.current?.focus();
      }
    };
    // A tap outside the open menu closes it, as a native menu would.
    const onDown = (e: PointerEvent) => {
      const n = e.target as Node;
      if (!menu.current?.contains(n) && !toggle.current?.contains(n)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onDown);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onDown);
    };
  }, [open]);
  return (
    <>
      <button
        ref={toggle}
        type="button"
        className="menu-toggle"
        data-testid="menu-toggle"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
      >
        <svg width="18" height="14" viewBox="0 0 18 14" aria-hidden="true">
          {open ? <path d="M3 1l12 12M15 1L3 13" stroke="currentColor" strokeWidth="2" /> : <path d="M1 2h16M1 7h16M1 12h16" stroke="currentColor" strokeWidth="2" />}
        </svg>
        <span>{t('menu.label')}</span>
      </button>
      <div
        ref={menu}
        id={id}
        className={`topbar-menu${open ? ' open' : ''}`}
        data-testid="topbar-menu"
        onClick={(e) => {
          // A view, the privacy panel, Settings or presentation mode was chosen: the folded menu closes.
          if ((e.target as HTMLElement).closest('button')) setOpen(false);
        }}
      >
        {children}
      </div>
    </>
  );
}
