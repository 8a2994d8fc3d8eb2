import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MessageText } from './FileName';
import { quoteName } from '../shared/names';

const RLO = '\u202e';
const html = (text: string) => renderToStaticMarkup(createElement(MessageText, { text })).replaceAll('&quot;', '"');

describe('MessageText', () => {
  it('renders a name marked by quoteName as an isolated, titled <bdi> without the marks', () => {
    expect(html(`${quoteName(`${RLO}gnp.png`)} is too large`)).toBe(`"<bdi class="file-name" title="${RLO}gnp.png">${RLO}gnp.png</bdi>" is too large`);
  });

  it('keeps a name that opens and closes isolates of its own whole', () => {
    const name = 'a\u2067b\u2069c.png'; // RLI b PDI inside the name
    expect(html(`x ${quoteName(name)} y`)).toBe(`x "<bdi class="file-name" title="${name}">${name}</bdi>" y`);
  });

  it('isolates quoted runs of messages written without marks, and leaves other text alone', () => {
    expect(html(`Saved "${RLO}my model" and "other"; 160×160`)).toBe(
      `Saved "<bdi class="file-name" title="${RLO}my model">${RLO}my model</bdi>" and "<bdi class="file-name" title="other">other</bdi>"; 160×160`,
    );
    expect(html('No names here.')).toBe('No names here.');
  });
});
