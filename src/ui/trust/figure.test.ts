// How a trust figure reads on screen (Figure, rendered to static HTML in Node): a flat map's curves read
// "no figure" with no badge and no rule; a stopped curve reads "incomplete"; a measured one its value and badge.
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { i18n } from '../../shared/i18n';
import { Figure } from './TrustPanel';
import type { ResultCheck } from '../../shared/attribution';

const html = (check: ResultCheck, rule?: string) => renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(Figure, { check, rule })));

describe('trust Figure', () => {
  it('no figure (a flat map): "no figure", no badge, its sentence, never NaN', () => {
    const h = html({ id: 'deletion-auc', label: 'Deletion AUC (lower is better)', value: NaN, format: 'number', detail: 'No figure: the map is flat (every value the same), so it ranks no pixel above another.' });
    expect(h).toContain('no figure');
    expect(h).not.toContain('data-testid="trust-badge"');
    expect(h).toContain('No figure: the map is flat (every value the same), so it ranks no pixel above another.');
    expect(h).not.toMatch(/NaN/);
  });
  it('a stopped curve is "incomplete"; a measured one shows its value and badge', () => {
    const stopped = html({ id: 'deletion-auc', label: 'Deletion AUC (lower is better)', value: NaN, format: 'number', status: 'warn', detail: 'Stopped.' });
    expect(stopped).toMatch(/data-testid="trust-badge">incomplete</);
    expect(stopped).not.toContain('no figure');
    const done = html({ id: 'deletion-auc', label: 'Deletion AUC (lower is better)', value: 0.1234, format: 'number', status: 'ok', detail: 'Fine.' });
    expect(done).toMatch(/data-testid="trust-badge">good</);
    expect(done).toContain('<span class="trust-value">0.12</span>');
  });
});
