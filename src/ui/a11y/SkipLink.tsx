import { useTranslation } from 'react-i18next';

/**
 * "Skip to the studio" (WCAG 2.4.1 bypass blocks): the first thing Tab reaches, visible when focused; it moves
 * focus to the current view's <main> (whichever view is shown), past the header and its menus.
 */
export function SkipLink() {
  const { t } = useTranslation('a11y');
  return (
    <a
      className="skip-link"
      href="#main"
      data-testid="skip-link"
      onClick={(e) => {
        const main = document.querySelector<HTMLElement>('main');
        if (!main) return;
        e.preventDefault();
        if (!main.hasAttribute('tabindex')) main.setAttribute('tabindex', '-1');
        main.focus();
      }}
    >
      {t('skip')}
    </a>
  );
}
