import { ClassBuckets } from './ClassBuckets';
import { TrainSettingsForm } from './TrainSettingsForm';
import { TrainRun } from './TrainRun';
import { TrainResults } from './TrainResults';

/** The Train view: classes on the left; settings, the run and its curves on the right; results below. */
export function TrainView() {
  return (
    <main className="train-view" data-testid="train-view">
      <ClassBuckets />
      <div className="train-side">
        <section className="panel" aria-label="Training settings">
          <div className="panel-head">
            <h2>Settings</h2>
            <span className="muted">small CNN from scratch</span>
          </div>
          <TrainSettingsForm />
        </section>
        <TrainRun />
      </div>
      <TrainResults />
    </main>
  );
}
