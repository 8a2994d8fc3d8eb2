import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImageInfo } from '../shared/types';
import { UserError } from '../shared/errors';

// The engine lives in a worker; here a stand-in decides when each decode finishes.
const engine = vi.hoisted(() => ({
  addImage: vi.fn<(f: Blob, name: string) => Promise<ImageInfo>>(),
}));
vi.mock('./controller', () => ({ getEngine: () => engine }));

import { loadFiles } from './imagesController';
import { initialState, useStudio } from './store';

const info = (name: string): ImageInfo => ({ id: `id-${name}`, name, width: 8, height: 8, source: 'user', preview: { width: 1, height: 1, data: new Uint8ClampedArray(4) } });
const png = (name: string) => new File([new Uint8Array([1])], name, { type: 'image/png' });

/** Counts the store updates that changed the image list. */
function countImageCommits(): () => number {
  let n = 0;
  const unsubscribe = useStudio.subscribe((s, prev) => {
    if (s.images !== prev.images) n++;
  });
  return () => {
    unsubscribe();
    return n;
  };
}

describe('loadFiles', () => {
  beforeEach(() => {
    useStudio.setState({ ...initialState }, true);
    engine.addImage.mockReset();
  });

  it('commits images that finish within one frame in one store update, in the order given, the first selected', async () => {
    engine.addImage.mockImplementation(async (_f, name) => info(name));
    const names = Array.from({ length: 12 }, (_, i) => `p${i}.png`);
    const commits = countImageCommits();
    await loadFiles(names.map(png));
    expect(commits()).toBe(1);
    const s = useStudio.getState();
    expect(s.images.map((i) => i.name)).toEqual(names);
    expect(s.selectedId).toBe('id-p0.png');
    expect(s.loadingCount).toBe(0);
  });

  it('keeps the order given when decodes finish in reverse, with at most three in flight', async () => {
    const pending: { name: string; resolve: () => void }[] = [];
    let inFlight = 0;
    let most = 0;
    engine.addImage.mockImplementation((_f, name) => {
      inFlight++;
      most = Math.max(most, inFlight);
      return new Promise((resolve) => pending.push({ name, resolve: () => (inFlight--, resolve(info(name))) }));
    });
    const names = ['a.png', 'b.png', 'c.png', 'd.png', 'e.png', 'f.png', 'g.png'];
    const done = loadFiles(names.map(png));
    // Finish whatever is pending, newest first, until every file is through.
    while (pending.length || useStudio.getState().loadingCount > 0) {
      await new Promise((r) => setTimeout(r, 0));
      pending.splice(0).reverse().forEach((p) => p.resolve());
    }
    await done;
    expect(useStudio.getState().images.map((i) => i.name)).toEqual(names);
    expect(most).toBe(3);
    expect(engine.addImage).toHaveBeenCalledTimes(names.length);
  });

  it('gives each refused file its own notice, naming it isolated, and still loads the others', async () => {
    engine.addImage.mockImplementation(async (_f, name) => {
      if (name === 'huge.jpg') throw new UserError('"\u2068huge.jpg\u2069" is too large', 'It is 20000 x 20000 pixels (400 megapixels); Glassbox accepts up to 80 megapixels.', 'Downscale it.');
      return info(name);
    });
    await loadFiles([png('ok-1.png'), new File(['text'], 'notes.txt', { type: 'text/plain' }), png('huge.jpg'), png('ok-2.png')]);
    const s = useStudio.getState();
    expect(s.images.map((i) => i.name)).toEqual(['ok-1.png', 'ok-2.png']);
    expect(s.notices.map((n) => n.title)).toEqual(['"\u2068notes.txt\u2069" is not an image', '"\u2068huge.jpg\u2069" is too large']);
    expect(engine.addImage).toHaveBeenCalledTimes(3); // the text file never reached the engine
    expect(s.loadingCount).toBe(0);
  });
});
