// Loading image files the person drops, pastes or picks. The engine decodes them in the worker; this
// side keeps the page responsive while hundreds arrive: a few decodes in flight at once, and what they
// bring (images, the "Decoding N images…" count, refusals) committed to the store at most once per frame,
// so the gallery renders once per frame rather than once per image.

import { t } from '../shared/i18n';
import { getEngine, refreshExplanation } from './controller';
import { UserError, toUserError } from '../shared/errors';
import { quoteName } from '../shared/names';
import type { ImageInfo } from '../shared/types';
import type { DisplaySettings, ShownTag } from '../shared/clinical';
import { actions, useStudio, type Notice } from './store';

const ACCEPTED = /\.(png|jpe?g|webp|gif|bmp|avif|heic|heif|dcm|dicom|dic|ima|tiff?)$/i;
/**
 * Types browsers give files that may be images Glassbox reads by content: none ('') for files with no or an
 * unknown extension (DICOM exports named IM00001, or by their SOP Instance UID, 1.2.840.113619.2.55…).
 */
const CONTENT_TYPES = new Set(['', 'application/dicom', 'application/octet-stream']);
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
    if (!f.type.startsWith('image/') && !ACCEPTED.test(f.name) && !CONTENT_TYPES.has(f.type)) {
      throw new UserError(t('state:images.notImageTitle', { name: quoteName(f.name) }), t('state:images.notImageDetail', { type: f.type || t('state:images.unknownType') }), t('state:images.notImageAction'));
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

// ── Clinical images (issue 14, dicom-engine): display changes re-predict; values and tags on request.

/** Per image: the change waiting to be sent (merged), and whether one is on its way. */
const displayLane = new Map<string, Lane>();

/**
 * Changes how a clinical image (DICOM, TIFF, 16-bit PNG) is shown and fed to the model. Changes asked while
 * one is on its way are merged and sent as one (a drag sends many), so the last one always wins. The image's
 * ImageInfo is replaced in the store (preview, thumbnail, clinical); the prediction, map and comparison
 * computed for it with the old window are dropped, and, when it is the selected image, computed again.
 * Resolves with the new ImageInfo, or null when the engine refused (the notice says why) or the image went.
 */
export function setDisplay(imageId: string, display: Partial<DisplaySettings>): Promise<ImageInfo | null> {
  let lane = displayLane.get(imageId);
  if (!lane) displayLane.set(imageId, (lane = { pending: null, running: null }));
  lane.pending = { ...lane.pending, ...display };
  return lane.running ?? startLane(imageId, lane);
}

type Lane = { pending: Partial<DisplaySettings> | null; running: Promise<ImageInfo | null> | null };

/** Sends the lane's pending changes until none is left; a change that arrives as it ends starts it again. */
function startLane(imageId: string, l: Lane): Promise<ImageInfo | null> {
  const run = async (): Promise<ImageInfo | null> => {
    let last: ImageInfo | null = null;
    while (l.pending) {
      const p = l.pending;
      l.pending = null;
      try {
        const info = await getEngine().setDisplay(imageId, p);
        if (!useStudio.getState().images.some((i) => i.id === imageId)) return null;
        last = info;
        replaceImage(info);
      } catch (err) {
        actions.notify({ kind: 'error', ...toUserError(err) });
      }
    }
    return last;
  };
  l.running = run().then((last) => {
    l.running = null;
    if (l.pending) return startLane(imageId, l);
    if (displayLane.get(imageId) === l) displayLane.delete(imageId);
    return last;
  });
  return l.running;
}

/** Puts an image's new ImageInfo in the store and drops what was computed from its old pixels. */
function replaceImage(info: ImageInfo): void {
  const mine = (key: string | null) => key !== null && key.startsWith(`${info.id}@`);
  const s = useStudio.getState();
  useStudio.setState({
    images: s.images.map((i) => (i.id === info.id ? info : i)),
    ...(mine(s.predictionFor) ? { prediction: null, predictionFor: null } : {}),
    ...(mine(s.attributionKey) ? { attribution: null, attributionKey: null } : {}),
    ...(mine(s.compareKey) ? { compareResults: {}, compareKey: null } : {}),
  });
  if (s.selectedId === info.id) void refreshExplanation();
}

/** Value(s) under image pixel (x, y) of a clinical image's current frame (HU for CT; [R, G, B] for colour); null outside or on failure. */
export async function pixelValue(imageId: string, x: number, y: number): Promise<number[] | null> {
  try {
    return await getEngine().pixelValue(imageId, x, y);
  } catch {
    return null;
  }
}

/**
 * The identifying tags of a DICOM image (patient name, ID, birth date, institution, accession, dates), for the
 * person's one explicit "show identifying tags" action. Never put them in the store, IndexedDB or an export:
 * hold them in the component that shows them.
 */
export async function identifyingTags(imageId: string): Promise<ShownTag[]> {
  try {
    return await getEngine().identifyingTags(imageId);
  } catch (err) {
    actions.notify({ kind: 'error', ...toUserError(err) });
    return [];
  }
}
