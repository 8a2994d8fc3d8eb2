import { describe, expect, it } from 'vitest';
import { fakeAttribution } from './fixtures';
import { csvField, mapCsv, parseNumberGrid, regionRows, regionsCsv, toCsv, valuesJson } from './values';

describe('csvField (RFC 4180)', () => {
  it('quotes fields with commas, quotes and line breaks, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
  });
  it('defuses spreadsheet formulas in text but not in numbers', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('@cmd')).toBe("'@cmd");
    expect(csvField(-1.5)).toBe('-1.5');
  });
  it('writes empty fields for null, undefined and non-finite numbers', () => {
    expect(toCsv([[null, undefined, NaN, Infinity, 0]])).toBe(',,,,0\r\n');
  });
  it('a row with tricky class names reads back the same with a separate RFC 4180 reader', () => {
    const names = ['cyst, benign', 'the "odd" one', 'plain', 'multi\r\nline'];
    const csv = toCsv([names]);
    // Independent reader: walk the characters by the RFC's grammar.
    const out: string[] = [];
    let i = 0;
    let cur = '';
    let quoted = false;
    while (i < csv.length) {
      const c = csv[i];
      if (quoted) {
        if (c === '"' && csv[i + 1] === '"') { cur += '"'; i += 2; continue; }
        if (c === '"') { quoted = false; i++; continue; }
        cur += c; i++; continue;
      }
      if (c === '"') { quoted = true; i++; continue; }
      if (c === ',') { out.push(cur); cur = ''; i++; continue; }
      if (c === '\r' && csv[i + 1] === '\n') { out.push(cur); break; }
      cur += c; i++;
    }
    expect(out).toEqual(names);
  });
});

describe('regionRows', () => {
  // 4 wide, 3 high: region 0 top-left 2x2, region 1 top-right 2x2, region 2 the bottom row; region 3 empty.
  const segments = new Int32Array([0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 2, 2]);
  const a = fakeAttribution({
    values: new Float32Array(12), width: 4, height: 3, segments,
    regions: { values: [0.3, -0.1, 0.02, 0], stderr: [0.01, 0.02, 0.03, 0.04], title: 'LIME weight per region' },
  });
  it('counts pixels and centroids by hand-enumerated pixel centres', () => {
    expect(regionRows(a)).toEqual([
      { id: 0, value: 0.3, stderr: 0.01, pixels: 4, centroidX: 1, centroidY: 1 },
      { id: 1, value: -0.1, stderr: 0.02, pixels: 4, centroidX: 3, centroidY: 1 },
      { id: 2, value: 0.02, stderr: 0.03, pixels: 4, centroidX: 2, centroidY: 2.5 },
      { id: 3, value: 0, stderr: 0.04, pixels: 0, centroidX: null, centroidY: null },
    ]);
  });
  it('writes the CSV with units in the header', () => {
    expect(regionsCsv(a)).toBe(
      'region,value (change in probability),stderr,pixels,centroid_x,centroid_y\r\n0,0.3,0.01,4,1,1\r\n1,-0.1,0.02,4,3,1\r\n2,0.02,0.03,4,2,2.5\r\n3,0,0.04,0,,\r\n',
    );
  });
  it('leaves stderr empty where the method gives none, and is empty without regions', () => {
    const b = { ...a, regions: { values: [1, 2, 3], title: 't' } };
    expect(regionsCsv(b).split('\r\n')[1]).toBe('0,1,,4,1,1');
    expect(regionRows(fakeAttribution())).toEqual([]);
  });
});

describe('mapCsv', () => {
  it('is height rows of width values that read back to the same float32 values', () => {
    const w = 7;
    const h = 5;
    const values = new Float32Array(w * h);
    let s = 12345;
    for (let i = 0; i < values.length; i++) {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      values[i] = ((s / 2 ** 31) - 0.5) * 10 ** ((i % 9) - 6);
    }
    const a = fakeAttribution({ values, width: w, height: h });
    const grid = parseNumberGrid(mapCsv(a));
    expect(grid.length).toBe(h);
    for (const row of grid) expect(row.length).toBe(w);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) expect(Math.fround(grid[y][x])).toBe(values[y * w + x]);
    expect(mapCsv(fakeAttribution())).toBe('0.5,-0.25\r\n9.99999993922529e-9,3\r\n');
  });
});

describe('valuesJson', () => {
  it('carries units, run, checks and values that survive JSON', () => {
    const a = fakeAttribution();
    const j = JSON.parse(JSON.stringify(valuesJson(a, {
      version: '0.1.0', date: '2026-11-29T18:00:00.000Z', methodLabel: 'LIME', className: 'lesion', imageName: 'lesion-1',
      model: { name: 'demo', labels: ['normal', 'lesion', 'cyst'], preprocessing: { width: 64, height: 64, channels: 3, resize: 'stretch', scale: '0-1' } as never, sha256: 'ab'.repeat(32) },
    })));
    expect(j.units).toEqual({ id: 'probability-change', label: 'change in probability', reading: expect.any(String) });
    expect(j.values.map(Math.fround)).toEqual(Array.from(a.values));
    expect(j.run.seed).toBe(42);
    expect(j.run.options).toEqual({ samples: 1000, kernelWidth: 0.25, seed: 42 });
    expect(j.checks[0].id).toBe('r2');
    expect(j.target).toEqual({ index: 1, label: 'lesion' });
    expect(j.model.sha256).toBe('ab'.repeat(32));
    expect(j.regions).toBeNull();
  });
});
