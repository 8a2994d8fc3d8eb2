import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { i18n } from './shared/i18n';
import { App } from './ui/App';
import { startLanguage } from './ui/LanguageSwitch';
import './ui/styles.css';

/**
 * Renders the studio again when the language changes: sentences made outside React (state, predictionText)
 * are read at render time, so every component must render, not only those that call useTranslation.
 */
function Root() {
  useTranslation();
  return <App />;
}

startLanguage(); // before the first render: the remembered language, else the browser's

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <Root />
    </I18nextProvider>
  </StrictMode>,
);

// After the first visit the static site works offline: the service worker (built by vite-plugin-pwa)
// precaches the app, the wasm binaries and the demo model. Not on file:// (the one-file build needs none).
if ('serviceWorker' in navigator && location.protocol.startsWith('http') && import.meta.env.PROD) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js', { scope: './' }).catch((e) => console.warn('[glassbox] offline cache unavailable:', e));
  });
}
