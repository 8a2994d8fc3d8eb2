import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { showView } from '../../state/views';
import { Glossary, GlossaryButton } from './Glossary';
import { startTour, stopTour } from './tour';
import './teach.css';

/** The header's teaching controls: the guided tour (restartable at any time) and the glossary. Mounted once. */
export function TeachHeader() {
  const { t } = useTranslation('teach');
  useEffect(() => stopTour, []);
  return (
    <div className="teach-header">
      <button
        type="button"
        data-testid="tour-start"
        title={t('tour.startTitle')}
        onClick={() => {
          showView('explain');
          // After the Explain view has rendered, so the first steps find their elements.
          requestAnimationFrame(() => startTour());
        }}
      >
        {t('tour.start')}
      </button>
      <GlossaryButton />
      <Glossary />
    </div>
  );
}
