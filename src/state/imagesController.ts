// Loading image files the person drops, pastes or picks. The engine decodes them in the worker; this
// side keeps the page responsive while hundreds arrive: a few decodes in flight at once, and what they
// bring (images, the "Decoding N images…" count, refusals) committed to the store at most once per frame,
// so the gallery renders once per frame rather than once per image.

import { getEngine } from './controller';
import { UserError, toUserError } from '../shared/errors';
import { quoteName } from '../shared/names';
import type { ImageInfo } from '../shared/types';
import { actions, useStudio, type Notice } from './store';

const ACCEPTED = /\.(png|jpe?g|webp|gif|bmp|dcm|dicom|tiff?)$/i;
/** Decodes asked of the worker at once: enough to keep it busy between messages, few enough to bound memory. */
const IN_FLIGHT = 3;
/** A commit waits for the next animation frame, or this long where frames do not come (a hidden tab). */
const FRAME_FALLBACK_MS = 100;

type Outcome = { info: ImageInfo } | { error: Omit<Notice, 'id'> };

/** Gathers outcomes and commits them in one store update per frame. */
class FrameCommitter {
  private images: ImageInfo[] = [];
  private notices: Omit<Notice, 'id'>[] = [];
  private finished = 0;
  private selectNext: boolean;
  private pending = false;

  constructor(selectFirst: boolean) {
    this.selectNext = selectFirst;
  }

  add(o: Outcome): void {
    if ('info' in o) this.images.push(o.info);
    else this.notices.push(o.error);
    this.finished++;
    this.schedule();
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    const run = () => this.flush();
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
    setTimeout(run, FRAME_FALLBACK_MS);
  }

  /** Commits everything gathered so far; a no-op when nothing is waiting. */
  flush(): void {
    if (!this.pending) return;
    this.pending = false;
    const images = this.images;
    const notices = this.notices;
    const finished = this.finished;
    this.images = [];
    this.notices = [];
    this.finished = 0;
    // zustand notifies React synchronously; these updates land in one render.
    if (images.length) {
      actions.addImages(images, this.selectNext);
      this.selectNext = false;
    }
    for (const n of notices) actions.notify(n);
    useStudio.setState((s) => ({ loadingCount: s.loadingCount - finished }));
  }
}

async function decodeOne(f: File): Promise<Outcome> {
  try {
    if (!f.type.startsWith('image/') && !ACCEPTED.test(f.name) && f.type !== '') {
      throw new UserError(`${quoteName(f.name)} is not an image`, `Its type is ${f.type || 'unknown'}.`, 'Drop PNG, JPEG, WebP, GIF or BMP files.');
    }
    return { info: await getEngine().addImage(f, f.name || 'pasted image') };
  } catch (err) {
    return { error: { kind: 'error', ...toUserError(err) } };
  }
}

/**
 * Decodes `files` in the worker and adds them to the gallery in the order given; the first one that
 * loads is selected. A file that cannot be loaded gets its own notice naming it and the others still
 * load. Resolves when every file has been committed to the store. Never throws.
 */
export async function loadFiles(files: File[]): Promise<void> {
  if (!files.length) return;
  useStudio.setState((s) => ({ loadingCount: s.loadingCount + files.length }));
  const commit = new FrameCommitter(true);
  const results: (Outcome | undefined)[] = new Array(files.length);
  let next = 0;
  let committed = 0;
  const advance = () => {
    while (committed < files.length && results[committed]) {
      commit.add(results[committed]!);
      results[committed] = undefined;
      committed++;
    }
  };
  const lane = async () => {
    while (next < files.length) {
      const i = next++;
      results[i] = await decodeOne(files[i]);
      advance();
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, files.length) }, lane));
  commit.flush();
}
