// Switching between the studio's views (Explain, Train, Models), and what each needs when it opens.

import type { ValidationItem } from '../shared/training';
import { actions, useStudio } from './store';
import type { StudioView } from './trainingSlice';
import { ensureTrainingDefaults } from './trainingController';
import { refreshLibrary } from './libraryController';
import { refreshCurrentModel } from './activeModelController';

/** Opens a view, and fetches what it shows (training defaults; the library and the active model's origin). */
export function showView(view: StudioView): void {
  useStudio.setState({ view });
  if (view === 'train') void ensureTrainingDefaults();
  if (view === 'models') {
    void refreshLibrary();
    void refreshCurrentModel();
  }
}

/** Shows a validation image in the Explain view, with the trained model's explanation. */
export function explainImage(item: ValidationItem): void {
  const s = useStudio.getState();
  if (!s.images.some((i) => i.id === item.image.id)) actions.addImages([item.image], true);
  actions.select(item.image.id);
  showView('explain');
}
