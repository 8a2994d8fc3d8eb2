import { useEffect } from 'react';
import { actions, useStudio } from '../state/store';
import { refreshExplanation, startStudio } from '../state/controller';
import { Gallery } from './Gallery';
import { Viewer } from './Viewer';
import { SidePanel } from './SidePanel';
import { SettingsPanel } from './SettingsPanel';
import { Notices } from './Notices';
import { DropOverlay } from './DropOverlay';
import { BackendBadge } from './BackendBadge';
import { ViewNav } from './training/ViewNav';
import { TrainView } from './training/TrainView';
import { ModelsView } from './models/ModelsView';
import { PrivacyPanel } from './PrivacyPanel';
import { EngineHealthBanner } from './EngineHealthBanner';
import { BatchPanel } from './batch/BatchPanel';
import { LanguageSwitch } from './LanguageSwitch';
import { useTranslation } from 'react-i18next';
import { HeaderMenu } from './phone/HeaderMenu';
import { PredictionStrip } from './phone/PredictionStrip';
import { useRevealSelection } from './phone/useRevealSelection';
import { PresentButton, PresentMode } from './present/PresentMode';
import { usePresentation } from './present/presentation';
import { TeachHeader } from './teach/TeachHeader';
import { SkipLink } from './a11y/SkipLink';
import { LiveRegion } from './a11y/LiveRegion';

export function App() {
  const { t } = useTranslation('phone');
  const presenting = usePresentation((p) => p.on);
  const status = useStudio((s) => s.status);
  const startError = useStudio((s) => s.startError);
  const selectedId = useStudio((s) => s.selectedId);
  const target = useStudio((s) => s.target);
  const methodId = useStudio((s) => s.methodId);
  const backend = useStudio((s) => s.backend?.active);
  const mode = useStudio((s) => s.mode);
  const methodOptions = useStudio((s) => s.methodOptions);
  const compareMethods = useStudio((s) => s.compareMethods);
  const scoreChoice = useStudio((s) => s.scoreChoice);
  const view = useStudio((s) => s.view);

  useEffect(() => {
    void startStudio();
  }, []);

  useEffect(() => {
    if (status === 'ready') void refreshExplanation();
  }, [status, selectedId, target, methodId, backend, mode, methodOptions, compareMethods, scoreChoice]);

  useRevealSelection();

  return (
    <div className="app">
      <SkipLink />
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true">◧</span>
          <h1>Glassbox</h1>
          <span className="tagline">{t('header.tagline')}</span>
        </div>
        <HeaderMenu>
          <ViewNav />
          <PresentButton />
          <TeachHeader />
          <button className="privacy" data-testid="privacy" onClick={() => actions.setView({ privacyOpen: true })} title={t('header.privacyTitle')}>
            <svg className="lock" width="12" height="14" viewBox="0 0 12 14" aria-hidden="true"><rect x="1" y="6" width="10" height="7.5" rx="1.5" fill="currentColor" /><path d="M3.2 6V4.2a2.8 2.8 0 0 1 5.6 0V6" fill="none" stroke="currentColor" strokeWidth="1.6" /></svg>
            <span className="privacy-long">{t('header.privacy')}</span>
            <span className="privacy-short">{t('header.privacyShort')}</span>
          </button>
          <span className="lang-slot">
            <LanguageSwitch />
          </span>
          <BackendBadge />
        </HeaderMenu>
      </header>
      <EngineHealthBanner />
      {status === 'failed' ? (
        <main className="fatal" role="alert">
          <h2>{t('fatal.title')}</h2>
          <p>{startError}</p>
          <p>{t('fatal.action')}</p>
        </main>
      ) : view === 'train' ? (
        <TrainView />
      ) : view === 'models' ? (
        <ModelsView />
      ) : (
        <main className="workspace">
          <Gallery />
          <PredictionStrip />
          <Viewer />
          <SidePanel />
          <BatchPanel />
        </main>
      )}
      <SettingsPanel />
      <PrivacyPanel />
      <Notices />
      <DropOverlay />
      {presenting && <PresentMode />}
      <LiveRegion />
    </div>
  );
}
