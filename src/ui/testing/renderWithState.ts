// Test helper: a component rendered to HTML (react-dom/server) with the studio's store in a given state.
import { createElement, type ReactElement } from 'react';
import { renderToString } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { i18n } from '../../shared/i18n';
import { useStudio, type StudioState } from '../../state/store';

/**
 * `element` rendered to an HTML string inside the i18n provider, with `patch` applied to the studio's store.
 * Server rendering reads a zustand store's initial state (useSyncExternalStore's server snapshot), so the
 * patch goes into that object for the render and is put back after it. Effects do not run.
 */
export function renderWithState(element: ReactElement, patch: Partial<StudioState>): string {
  const init = useStudio.getInitialState() as unknown as Record<string, unknown>;
  const saved = Object.fromEntries(Object.keys(patch).map((k) => [k, init[k]]));
  Object.assign(init, patch);
  try {
    return renderToString(createElement(I18nextProvider, { i18n }, element));
  } finally {
    Object.assign(init, saved);
  }
}
