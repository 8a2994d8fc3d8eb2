// How a reference figure reads on screen (ScoreLine, rendered to static HTML in Node): a flat map's
// figures read "no figure" with no badge; a real figure keeps its value and badge. Never "NaN".
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { ScoreLine } from './ReferencePanel';
import type { ResultCheck } from '../../shared/types';

const html = (check: ResultCheck) => renderToStaticMarkup(createElement(ScoreLine, { check }));

describe('ScoreLine', () => {
  it('a figure without a number (a flat map) reads "no figure", with no badge and no NaN', () => {
    const pointing: ResultCheck = { id: 'pointing', label: 'Strongest point inside the region', value: NaN, of: 1, format: 'count', detail: 'No figure: the map is flat.' };
    const energy: ResultCheck = { id: 'energy-pointing', label: 'Map mass inside the region', value: NaN, format: 'percent', detail: 'No figure: the map has no positive value.' };
    for (const c of [pointing, energy]) {
      const h = html(c);
      expect(h).toContain('<strong>no figure</strong>');
      expect(h).not.toContain('ref-badge');
      expect(h).not.toMatch(/NaN/);
    }
  });
  it('a measured figure keeps its value and badge', () => {
    expect(html({ id: 'energy-pointing', label: 'Map mass inside the region', value: 0.6, format: 'percent', status: 'ok' })).toMatch(/<strong>60\.0%<\/strong><span class="ref-badge" data-status="ok">good<\/span>/);
    expect(html({ id: 'pointing', label: 'Strongest point inside the region', value: 0, of: 1, format: 'count', status: 'fail' })).toMatch(/<strong>miss<\/strong><span class="ref-badge" data-status="fail">fails<\/span>/);
  });
});
