import { CurrentModel } from './CurrentModel';
import { LoadModel } from './LoadModel';
import { SavedModels } from './SavedModels';
import { ModelGraph } from '../insides/ModelGraph';
import { ClassViews } from '../insides/ClassViews';

/** The Models view: the active model on the left; loading and the library on the right. */
export function ModelsView() {
  return (
    <main className="models-view" data-testid="models-view">
      <CurrentModel />
      <div className="models-side">
        <LoadModel />
        <SavedModels />
      </div>
      <ModelGraph />
      <ClassViews />
    </main>
  );
}
