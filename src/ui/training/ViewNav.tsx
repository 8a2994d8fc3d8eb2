import { useTranslation } from 'react-i18next';
import { useStudio } from '../../state/store';
import { showView } from '../../state/views';
import type { StudioView } from '../../state/trainingSlice';
import { tablistKeyDown } from '../a11y/roving';

const VIEWS: StudioView[] = ['explain', 'train', 'models'];

/** The studio's three views, in the top bar. */
export function ViewNav() {
  const { t } = useTranslation('phone');
  const view = useStudio((s) => s.view);
  const training = useStudio((s) => s.trainStatus !== 'idle');
  return (
    <nav className="view-nav" role="tablist" aria-label={t('views.label')} onKeyDown={tablistKeyDown}>
      {VIEWS.map((v) => (
        <button key={v} role="tab" aria-selected={view === v} tabIndex={view === v ? 0 : -1} data-testid={`view-${v}`} title={t(`views.${v}.title`)} onClick={() => showView(v)}>
          {t(`views.${v}.label`)}
          {v === 'train' && training && <span className="nav-dot" aria-label={t('views.training')} />}
        </button>
      ))}
    </nav>
  );
}
