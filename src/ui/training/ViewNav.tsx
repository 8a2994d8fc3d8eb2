import { useStudio } from '../../state/store';
import { showView } from '../../state/views';
import type { StudioView } from '../../state/trainingSlice';
import { tablistKeyDown } from '../a11y/roving';

const VIEWS: { id: StudioView; label: string; title: string }[] = [
  { id: 'explain', label: 'Explain', title: 'See why the model decides' },
  { id: 'train', label: 'Train', title: 'Train a model on your own images' },
  { id: 'models', label: 'Models', title: 'Load, save and inspect models' },
];

/** The studio's three views, in the top bar. */
export function ViewNav() {
  const view = useStudio((s) => s.view);
  const training = useStudio((s) => s.trainStatus !== 'idle');
  return (
    <nav className="view-nav" role="tablist" aria-label="Views" onKeyDown={tablistKeyDown}>
      {VIEWS.map((v) => (
        <button key={v.id} role="tab" aria-selected={view === v.id} tabIndex={view === v.id ? 0 : -1} data-testid={`view-${v.id}`} title={v.title} onClick={() => showView(v.id)}>
          {v.label}
          {v.id === 'train' && training && <span className="nav-dot" aria-label="training" />}
        </button>
      ))}
    </nav>
  );
}
