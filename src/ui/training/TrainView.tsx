import { useTranslation } from 'react-i18next';
import { ClassBuckets } from './ClassBuckets';
import { TrainSettingsForm } from './TrainSettingsForm';
import { TrainRun } from './TrainRun';
import { TrainResults } from './TrainResults';
import { ClassViews } from '../insides/ClassViews';
import { RunHistory } from './RunHistory';

/** The Train view: classes on the left; settings, the run and its curves on the right; results below. */
export function TrainView() {
  const { t } = useTranslation('teach');
  return (
    <main className="train-view" data-testid="train-view">
      <ClassBuckets />
      <div className="train-side">
        <section className="panel" aria-label={t('view.settingsAria')}>
          <div className="panel-head">
            <h2>{t('view.settingsTitle')}</h2>
            <span className="muted">{t('view.settingsNote')}</span>
          </div>
          <TrainSettingsForm />
        </section>
        <TrainRun />
      </div>
      <TrainResults />
      <ClassViews afterTraining />
      <RunHistory />
    </main>
  );
}
