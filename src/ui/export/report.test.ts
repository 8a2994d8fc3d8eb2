import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TrustFigures } from '../../shared/trust';
import { setLanguage } from '../../shared/i18n';
import { fakeAttribution } from './fixtures';
import { aucText, buildReport, esc, type ReportInput } from './report';
import { captionLines, displayText, fileNameOf, oodWarning, optionPairs, percent, plainNumber, runPairs, shareableImageName } from './caption';

// A real 1x1 PNG (red pixel), base64.
const PNG_1x1 = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const HASH = createHash('sha256').update(new Uint8Array([1, 2, 3])).digest('hex');

function input(o: Partial<ReportInput> = {}): ReportInput {
  const a = fakeAttribution({ regions: { values: [0.3, -0.1], stderr: [0.01, 0.02], title: 'LIME weight per region', start: { value: 0.1, label: 'intercept' } }, segments: new Int32Array([0, 0, 1, 1]) });
  return {
    version: '0.1.0',
    date: '2026-11-29T18:00:00.000Z',
    image: { name: 'lesion <1>.png', width: 192, height: 192, url: PNG_1x1, trueLabel: 'lesion' },
    model: {
      name: 'Demo, "tissue" CNN', labels: ['normal', 'lesion', 'cyst'], inputShape: [-1, 64, 64, 3], params: 24000, backend: 'wasm',
      preprocessing: { width: 64, height: 64, channels: 3, resize: 'stretch', scale: '0-1' } as never, sha256: HASH, weightBytes: 3,
    },
    prediction: { labels: ['normal', 'lesion', 'cyst'], probabilities: [0.02, 0.9995, 0.0004], top: 1 },
    target: 1,
    mode: 'single',
    maps: [{ methodLabel: 'LIME', className: 'lesion', overlayUrl: PNG_1x1, legend: { min: -1, max: 1, gradient: 'linear-gradient(to right, rgb(5, 48, 97) 0%, rgb(103, 0, 31) 100%)' }, units: a.units, signed: true, checks: a.checks, run: a.run, regions: a.regions }],
    trust: null,
    ...o,
  };
}

const TRUST: TrustFigures = {
  key: 'k',
  checks: [{ id: 'deletion-auc', label: 'Deletion AUC', value: 0.12, format: 'number', status: 'ok', detail: 'Removing the top 10% drops the probability from 0.99 to 0.12' }],
  deletion: { mode: 'deletion', x: [0, 0.5, 1], y: [0.99, 0.2, 0.05], randomY: [0.99, 0.8, 0.05], auc: 0.36, randomAuc: 0.66, units: 'probability' },
  randomisation: { layers: ['dense', 'conv3'], spearman: [0.4, 0.1], ssim: [0.5, 0.2] },
  stability: { rho: 0.87, seeds: [1, 2] },
  ood: { status: 'out', distance: 40, threshold: 20, sentence: 'This image is unlike anything the model was trained on.' },
};

describe('buildReport', () => {
  it('asks for nothing: no http(s) URL, no <link>, no <script>, no url(), a CSP forbidding requests', () => {
    for (const html of [buildReport(input()), buildReport(input({ trust: TRUST, mode: 'compare' }))]) {
      expect(html).not.toMatch(/https?:/i);
      expect(html).not.toMatch(/<link\b/i);
      expect(html).not.toMatch(/<script\b/i);
      expect(html).not.toMatch(/url\s*\(/i);
      expect(html).not.toMatch(/@import/i);
      expect(html).toContain(`content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"`);
      // Every src= is a data: URL.
      for (const m of html.matchAll(/\ssrc="([^"]*)"/g)) expect(m[1].startsWith('data:image/png;base64,')).toBe(true);
    }
  });
  it('holds the hash, the method, the parameters and seed, the model, version and date', () => {
    const html = buildReport(input());
    expect(html).toContain(`data-testid="report-hash">${HASH}<`);
    expect(html).toContain('LIME for “lesion”');
    expect(html).toContain('<th>samples</th><td>1000</td>');
    expect(html).toContain('<th>kernelWidth</th><td>0.25</td>');
    expect(html.match(/<th>seed<\/th><td>42<\/td>/g)?.length).toBe(1);
    expect(html).toContain('<th>input</th><td>64×64×3</td>');
    expect(html).toContain('normal, lesion, cyst');
    expect(html).toContain('64×64×3, stretch, scale 0-1, RGB');
    expect(html).toContain('Glassbox 0.1.0');
    expect(html).toContain('2026-11-29 18:00:00 UTC');
    expect(html).toContain('R² = 0.910 (ok)');
    // Regions sorted by |value|, with standard errors and the start of the story.
    expect(html).toMatch(/<tr><td>0<\/td><td>0.3<\/td><td>0.01<\/td><\/tr><tr><td>1<\/td><td>-0.1<\/td><td>0.02<\/td><\/tr>/);
    expect(html).toContain('intercept 0.1');
  });
  it('escapes names (no markup injection) and never writes 100% for a near-certain class', () => {
    const html = buildReport(input());
    expect(html).toContain('lesion &lt;1&gt;.png');
    expect(html).toContain('Demo, &quot;tissue&quot; CNN');
    expect(html).not.toContain('<1>');
    expect(html).toContain('Prediction: lesion (&gt; 99.9%)');
    expect(html).toContain('<text x="376" y="61">&lt; 0.1%</text>');
    expect(html.slice(html.indexOf('<body')).replace(/style="[^"]*"/g, '')).not.toMatch(/100(\.0)?%/);
  });
  it('drops an image URL that is not a base64 data: image, and a gradient with url()', () => {
    const html = buildReport(input({
      image: { name: 'x', width: 1, height: 1, url: 'https://example.org/x.png' },
      maps: [{ ...input().maps[0], overlayUrl: 'javascript:alert(1)', legend: { min: 0, max: 1, gradient: 'linear-gradient(url(https://e.org/a))' } }],
    }));
    expect(html).not.toContain('example.org');
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('e.org');
  });
  it('renders the trust figures when present and says so when absent', () => {
    expect(buildReport(input())).toContain('data-testid="report-no-trust"');
    const html = buildReport(input({ trust: TRUST }));
    expect(html).toContain('<span class="badge">good</span> Deletion AUC = 0.120 (ok)');
    expect(html).toContain('Deletion: AUC 0.36 (random order 0.66; lower is better; probability)');
    expect(html).toContain('data-figure="randomisation"');
    expect(html).toContain('<td>conv3</td><td>0.1</td><td>0.2</td>');
    expect(html).toContain('ρ = 0.87');
    expect(html).toContain('class="ood out"');
    // One polyline per series: map and random order (deletion), Spearman and SSIM (randomisation).
    expect(html.match(/<polyline/g)?.length).toBe(4);
  });
  it('lists only the non-identifying tags it is given', () => {
    const html = buildReport(input({ image: { name: 'image-1', width: 512, height: 512, url: PNG_1x1, tags: [{ label: 'Modality', value: 'CT' }] } }));
    expect(html).toContain('<tr><th>Modality</th><td>CT</td></tr>');
  });
  it('holds every map in compare mode', () => {
    const m = input().maps[0];
    const html = buildReport(input({ mode: 'compare', maps: [m, { ...m, methodLabel: 'Grad-CAM', run: { ...m.run, method: 'gradcam', seed: null, layer: 'conv3' } }] }));
    expect(html.match(/data-testid="report-map"/g)?.length).toBe(2);
    expect(html).toContain('<th>layer</th><td>conv3</td>');
    expect(html).toContain('and 1 more methods');
  });

  // A CT slice: window centre 136, width 2064 HU, frame index 0 of 10 (the person reads frame 1).
  const CT_RUN = { ...fakeAttribution().run, display: { window: { center: 136, width: 2064 }, invert: false, frame: 0 }, background: 'grey' as const, score: 'logit' as const };
  it('lists the window/level of a clinical image, its background and the score explained among the parameters', () => {
    const m = input().maps[0];
    const html = buildReport(input({ image: { ...input().image, clinical: { units: 'HU', frameCount: 10 } }, maps: [{ ...m, run: CT_RUN }] }));
    const params = html.slice(html.indexOf('data-testid="report-params"'));
    expect(params).toContain('<th>window (centre / width)</th><td>136 / 2064 HU, not inverted, frame 1 of 10</td>');
    expect(params).toContain('<th>background</th><td>transparent pixels composited over grey</td>');
    expect(params).toContain('<th>score explained</th><td>logit (log-odds, before the output head)</td>');
    // An ordinary image's run has none of these rows.
    const plain = buildReport(input());
    expect(plain).not.toContain('window (centre / width)');
    expect(plain).not.toContain('<th>background</th>');
    expect(plain).not.toContain('score explained');
  });
  it('shows the prediction’s out-of-distribution verdict beside the prediction: a warning for out, plain for unknown, a short line for in', () => {
    const base = input().prediction!;
    const out = buildReport(input({ prediction: { ...base, ood: { status: 'out', distance: 41.5, threshold: 20, sentence: 'Unlike anything the model was trained on.' } } }));
    const pred = out.slice(out.indexOf('data-testid="report-prediction"'), out.indexOf('<svg class="chart"'));
    expect(pred).toContain('<p class="ood out" data-testid="report-ood" data-status="out" role="alert"><strong>Unlike the training images.</strong> Unlike anything the model was trained on. (distance 41.5, threshold 20)</p>');
    const unknown = buildReport(input({ prediction: { ...base, ood: { status: 'unknown', sentence: 'Glassbox cannot judge & has no statistics.' } } }));
    expect(unknown).toContain('<p class="ood unknown" data-testid="report-ood" data-status="unknown"><strong>Out of distribution: cannot judge.</strong> Glassbox cannot judge &amp; has no statistics.</p>');
    expect(unknown).not.toContain('role="alert"');
    const inside = buildReport(input({ prediction: { ...base, ood: { status: 'in', distance: 3, threshold: 20, sentence: 'This image is like the images the model was trained on (distance 3.0).' } } }));
    expect(inside).toContain('<p class="ood in" data-testid="report-ood" data-status="in">This image is like the images the model was trained on (distance 3.0).</p>');
    // The warning style exists for 'out' only; 'in' is muted.
    expect(out).toMatch(/\.ood\.out\{[^}]*border-left:4px solid #b91c1c/);
    expect(out).toMatch(/\.ood\.in\{color:#64748b/);
    // Without a verdict nothing is claimed.
    expect(buildReport(input())).not.toContain('data-testid="report-ood"');
    // With the trust figures' verdict too, it is said once (beside the prediction).
    const both = buildReport(input({ trust: TRUST, prediction: { ...base, ood: TRUST.ood } }));
    expect(both.match(/data-testid="report-ood"/g)?.length).toBe(1);
    expect(both.indexOf('data-testid="report-ood"')).toBeLessThan(both.indexOf('data-testid="report-trust"'));
  });
  it('writes every AUC with two decimals, never in scientific notation', () => {
    const html = buildReport(input({ trust: { ...TRUST, deletion: { ...TRUST.deletion!, auc: 1, randomAuc: 1 }, insertion: { mode: 'insertion', x: [0, 1], y: [0, 1], randomY: [0, 1], auc: 2.5e-7, randomAuc: 0.125, units: 'logit' } } }));
    expect(html).toContain('Deletion: AUC 1.00 (random order 1.00; lower is better; probability)');
    expect(html).toContain('Insertion: AUC 0.00 (random order 0.13; higher is better; logit)');
    expect(html).not.toMatch(/AUC [^<]*e-/);
  });
  it('lists baselineColor only when the baseline is a colour', () => {
    const m = input().maps[0];
    const blur = buildReport(input({ maps: [{ ...m, run: { ...m.run, options: { baseline: 'blur', baselineColor: '#808080' } } }] }));
    expect(blur).toContain('<th>baseline</th><td>blur</td>');
    expect(blur).not.toContain('baselineColor');
    expect(blur).not.toContain('#808080');
    const colour = buildReport(input({ maps: [{ ...m, run: { ...m.run, options: { baseline: 'color', baselineColor: '#0000ff' } } }] }));
    expect(colour).toContain('<th>baselineColor</th><td>#0000ff</td>');
  });
});

describe('caption helpers', () => {
  it('esc escapes the five HTML specials', () => {
    expect(esc(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
  it('plainNumber never uses scientific notation', () => {
    expect(plainNumber(0.000123)).toBe('0.000123');
    expect(plainNumber(72.654)).toBe('72.7');
    expect(plainNumber(1234567)).toBe('1234567');
    expect(plainNumber(-0.5)).toBe('-0.5');
    expect(plainNumber(0.1 + 0.2)).toBe('0.3');
  });
  it('percent never claims certainty', () => {
    expect(percent(0.9996)).toBe('> 99.9%');
    expect(percent(1)).toBe('> 99.9%');
    expect(percent(0.0004)).toBe('< 0.1%');
    expect(percent(0.4235)).toBe('42.4%');
  });
  it('shareableImageName hides clinical names and names holding IDs or dates', () => {
    expect(shareableImageName({ name: 'DOE^JOHN.dcm', clinical: {} as never }, 3)).toBe('image-3');
    expect(shareableImageName({ name: 'scan_1970-01-31.png' }, 2)).toBe('image-2');
    expect(shareableImageName({ name: 'MRN 1234567.jpg' }, 1)).toBe('image-1');
    expect(shareableImageName({ name: 'lesion-3.png' }, 1)).toBe('lesion-3.png');
  });
  it('displayText reads window centre / width with units, inversion and a 1-based frame', () => {
    const d = { window: { center: 40.5, width: 400 }, invert: true, frame: 9 };
    expect(displayText(d, { units: 'HU', frameCount: 10 })).toBe('40.5 / 400 HU, inverted, frame 10 of 10');
    // A single frame is not worth a mention; no units where the file gives none.
    expect(displayText({ ...d, frame: 0 }, { units: '', frameCount: 1 })).toBe('40.5 / 400, inverted');
    expect(displayText({ ...d, frame: 2 })).toBe('40.5 / 400, inverted, frame 3');
  });
  it('the PNG caption carries the window/level, background and score; an out-of-distribution image gets a warning', () => {
    const a = fakeAttribution();
    const run = { ...a.run, display: { window: { center: 136, width: 2064 }, invert: false, frame: 0 }, background: 'black' as const, score: 'probability' as const };
    const lines = captionLines({ ...a, run }, { methodLabel: 'LIME', className: 'lesion', model: { name: 'm' }, imageName: 'image-1', clinical: { units: 'HU', frameCount: 10 } });
    expect(lines[2]).toContain('window (centre / width) 136 / 2064 HU, not inverted, frame 1 of 10');
    expect(lines[2]).toContain('background transparent pixels composited over black');
    expect(lines[2]).toMatch(/^score explained probability \(after the output head\) · samples 1000/);
    expect(oodWarning({ status: 'out', sentence: 'Unlike the training images.' })).toBe('Warning: Unlike the training images.');
    expect(oodWarning({ status: 'unknown', sentence: 'Cannot judge.' })).toBeNull();
    expect(oodWarning({ status: 'in', sentence: 'Like them.' })).toBeNull();
    expect(oodWarning(undefined)).toBeNull();
  });
  it('optionPairs drops baselineColor unless baseline is color, whatever the method', () => {
    expect(optionPairs({ window: 8, baseline: 'mean', baselineColor: '#808080' })).toEqual([['window', '8'], ['baseline', 'mean']]);
    expect(optionPairs({ baseline: 'color', baselineColor: '#ff0000' })).toEqual([['baseline', 'color'], ['baselineColor', '#ff0000']]);
    // No baseline option at all: a stray colour does not apply either.
    expect(optionPairs({ baselineColor: '#808080', steps: 50 })).toEqual([['steps', '50']]);
    expect(runPairs({ ...fakeAttribution().run, options: { baseline: 'blur', baselineColor: '#808080' } }).map(([k]) => k)).not.toContain('baselineColor');
  });
  it('follows the page’s language: Chinese headings, <html lang="zh-Hans">, the same numbers and hash', () => {
    setLanguage('zh');
    try {
      const html = buildReport(input({ trust: TRUST }));
      expect(html).toContain('<html lang="zh-Hans">');
      expect(html).toContain('<h2>模型</h2>');
      expect(html).toContain('<h2>归因图有多可信</h2>');
      expect(html).toContain('删除：AUC 0.36（随机顺序 0.66；越低越好；probability）');
      expect(html).toContain('<th>随机种子</th><td>42</td>');
      expect(html).toContain(`data-testid="report-hash">${HASH}<`);
      expect(html).not.toContain('How far the map can be believed');
      const lines = captionLines(fakeAttribution(), { methodLabel: 'LIME', className: 'lesion', model: { name: 'm' }, imageName: 'image-1' });
      expect(lines[0]).toBe('“lesion”的 LIME · image-1');
      expect(lines[1]).toBe('模型 m');
    } finally {
      setLanguage('en');
    }
    expect(buildReport(input())).toContain('<html lang="en">');
  });
  it('aucText: two decimals, no scientific notation, no minus zero', () => {
    expect(aucText(1)).toBe('1.00');
    expect(aucText(0.125)).toBe('0.13');
    expect(aucText(3e-9)).toBe('0.00');
    expect(aucText(-1e-9)).toBe('0.00');
    expect(aucText(NaN)).toBe('–');
  });
  it('fileNameOf makes safe file names', () => {
    expect(fileNameOf(['Grad-CAM++', 'Cyst, benign', 'image 1.png'], 'csv')).toBe('grad-cam-cyst-benign-image-1.png.csv');
    expect(fileNameOf(['', '***'], 'png')).toBe('glassbox.png');
  });
});
