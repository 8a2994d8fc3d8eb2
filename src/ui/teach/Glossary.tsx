import { useEffect } from 'react';
import { useModal } from '../useModal';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import { GLOSSARY_TERMS, type GlossaryTerm } from './help';

/** Whether the glossary is open, and at which term. Its own tiny store: nothing else depends on it. */
export const useGlossary = create<{ open: boolean; term: GlossaryTerm | null }>(() => ({ open: false, term: null }));

/** Opens the glossary, scrolled to `term` when given. */
export function openGlossary(term?: GlossaryTerm): void {
  useGlossary.setState({ open: true, term: term ?? null });
}

/** A link to one glossary term (used inside help texts). */
export function TermLink({ term }: { term: GlossaryTerm }) {
  const { t } = useTranslation('teach');
  return (
    <button type="button" className="link term-link" data-testid={`term-${term}`} onClick={() => openGlossary(term)}>
      {t(`glossary.term.${term}`)}
    </button>
  );
}

/** The header's Glossary button. */
export function GlossaryButton() {
  const { t } = useTranslation('teach');
  return (
    <button type="button" data-testid="glossary-open" onClick={() => openGlossary()}>
      {t('glossary.open')}
    </button>
  );
}

/** The glossary as a modal dialog (<dialog>: focus is trapped and Escape closes it). Mounted once. */
export function Glossary() {
  const { t } = useTranslation('teach');
  const { open, term } = useGlossary();
  const ref = useModal(open);
  useEffect(() => {
    if (open && term) ref.current?.querySelector(`#glossary-${term}`)?.scrollIntoView({ block: 'nearest' });
  }, [open, term, ref]);
  return (
    <dialog ref={ref} className="glossary" data-testid="glossary" aria-labelledby="glossary-title" onClose={() => useGlossary.setState({ open: false })}>
      <div className="panel-head">
        <h2 id="glossary-title">{t('glossary.title')}</h2>
        <button type="button" className="icon-button" aria-label={t('glossary.close')} onClick={() => useGlossary.setState({ open: false })}>×</button>
      </div>
      <p className="muted">{t('glossary.intro')}</p>
      <dl>
        {GLOSSARY_TERMS.map((k) => (
          <div key={k} id={`glossary-${k}`} className={k === term ? 'current' : undefined} data-testid={`glossary-${k}`}>
            <dt>{t(`glossary.term.${k}`)}</dt>
            <dd>{t(`glossary.def.${k}`)}</dd>
          </div>
        ))}
      </dl>
    </dialog>
  );
}
