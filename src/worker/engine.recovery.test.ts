// The engine's recovery region in Node: images restored under the page's ids (and new ids never
// colliding with them), the demo gallery rebuilt identically, and the backends a restart left out listed
// with the reason so Settings can offer them again.

import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Engine, leftOutOnRestart } from './engine';
import type { BackendReport } from '../shared/types';

describe('restoring images under their ids', () => {
  it('rebuilds the demo gallery with the same pixels, names and labels under the ids it had', () => {
    const first = new Engine().demoImages(2);
    const ids = ['img3', 'img4', 'img5', 'img6', 'img7', 'img8'];
    const again = new Engine().restoreDemoImages(ids);
    expect(again.map((i) => i.id)).toEqual(ids);
    expect(again.map((i) => i.name)).toEqual(['demo normal 1', 'demo lesion 1', 'demo cyst 1', 'demo normal 2', 'demo lesion 2', 'demo cyst 2']);
    expect(again.map((i) => i.trueLabel)).toEqual(first.map((i) => i.trueLabel));
    again.forEach((img, k) => {
      expect(img.preview.width).toBe(first[k].preview.width);
      expect(Buffer.from(img.preview.data).equals(Buffer.from(first[k].preview.data))).toBe(true);
    });
  });

  it('keeps a restored image under its id, and gives later images ids after the highest one restored', () => {
    const e = new Engine();
    const pixels = { width: 2, height: 1, data: new Uint8ClampedArray([255, 0, 0, 255, 0, 0, 255, 255]) };
    const info = e.restoreImagePixels('img20', pixels, 'scan.png');
    expect(info).toMatchObject({ id: 'img20', name: 'scan.png', width: 2, height: 1, source: 'user' });
    expect(Array.from(info.preview.data)).toEqual([255, 0, 0, 255, 0, 0, 255, 255]);
    // By hand: the highest restored id is 20, so the next new one is img21.
    expect(e.demoImages(1).map((i) => i.id)).toEqual(['img21', 'img22', 'img23']);
  });
});

describe('leftOutOnRestart', () => {
  const measured: BackendReport = { active: 'cpu', chosenBy: 'measured', probes: [{ name: 'cpu', available: true, steadyMs: 30 }] };

  it('lists every backend the restart did not try, in ladder order, with the reason', () => {
    const r = leftOutOnRestart(measured, ['cpu']);
    expect(r.probes.map((p) => p.name)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    for (const p of r.probes.slice(0, 3)) {
      expect(p.available).toBe(false);
      expect(p.reason).toMatch(/^not tried when the engine restarted after it failed on this backend or one below it/);
    }
    expect(r.probes[3]).toEqual(measured.probes[0]);
    expect(r.active).toBe('cpu');
  });

  it('changes nothing on a first start (no candidates given)', () => {
    expect(leftOutOnRestart(measured, undefined)).toBe(measured);
  });
});

describe('ping', () => {
  it('reports the backend tfjs is really on, and no context loss on a backend without a GPU context', async () => {
    await tf.setBackend('cpu');
    expect(new Engine().ping()).toEqual({ backend: 'cpu', contextLost: null });
  });
});
