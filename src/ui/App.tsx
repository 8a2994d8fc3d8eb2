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
import { SkipLink } from './a11y/SkipLink';
import { LiveRegion } from './a11y/LiveRegion';

export function App() {
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

  return (
    <div className="app">
      <SkipLink />
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true">◧</span>
          <h1>Glassbox</h1>
          <span className="tagline">see why an image classifier decides</span>
        </div>
        <ViewNav />
        <button className="privacy" data-testid="privacy" onClick={() => actions.setView({ privacyOpen: true })} title="How your data is kept on this machine">
          <svg className="lock" width="12" height="14" viewBox="0 0 12 14" aria-hidden="true"><rect x="1" y="6" width="10" height="7.5" rx="1.5" fill="currentColor" /><path d="M3.2 6V4.2a2.8 2.8 0 0 1 5.6 0V6" fill="none" stroke="currentColor" strokeWidth="1.6" /></svg> Runs entirely on this machine. Nothing is uploaded.
        </button>
        <BackendBadge />
      </header>
      <EngineHealthBanner />
      {status === 'failed' ? (
        <main className="fatal" role="alert">
          <h2>Glassbox could not start its compute engine</h2>
          <p>{startError}</p>
          <p>Reload the page. If it keeps failing, try a current Chrome, Edge or Firefox.</p>
        </main>
      ) : view === 'train' ? (
        <TrainView />
      ) : view === 'models' ? (
        <ModelsView />
      ) : (
        <main className="workspace">
          <Gallery />
          <Viewer />
          <SidePanel />
          <BatchPanel />
        </main>
      )}
      <SettingsPanel />
      <PrivacyPanel />
      <Notices />
      <DropOverlay />
      <LiveRegion />
    </div>
  );
}
