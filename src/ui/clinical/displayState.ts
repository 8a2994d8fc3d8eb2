// What the clinical viewer keeps besides the studio store: whether the W/L tool is on, and the display
// being asked for while the engine catches up with a drag (shown at once; the image follows).

import { create } from 'zustand';
import { actions } from '../../state/store';
import { toUserError } from '../../shared/errors';
import type { DisplaySettings, ImageInfo } from '../../shared/types';
import { LatestOnly } from './latestOnly';
import { changeDisplay } from './clinicalApi';

interface ClinicalViewState {
  /** Left-drag on the image adjusts the window instead of panning. */
  wlTool: boolean;
  /** The display last asked for, until the engine has shown it. */
  draft: { imageId: string; display: DisplaySettings } | null;
}

export const useClinicalView = create<ClinicalViewState>(() => ({ wlTool: false, draft: null }));

/** The display as it was when each image was first shown this session: what Reset goes back to. */
const initial = new Map<string, DisplaySettings>();

export function rememberInitial(image: ImageInfo): void {
  if (image.clinical && !initial.has(image.id)) initial.set(image.id, image.clinical.display);
}

export function initialDisplay(image: ImageInfo): DisplaySettings | undefined {
  return initial.get(image.id);
}

const queue = new LatestOnly<{ imageId: string; display: DisplaySettings }, void>(
  ({ imageId, display }) => changeDisplay(imageId, display),
  undefined,
  (err) => {
    actions.notify({ kind: 'error', ...toUserError(err) });
  },
);
let clearing = false;

/**
 * Asks for `display` on image `imageId`: shown in the controls at once, sent to the engine with one
 * request in flight at a time (the last one asked always gets sent; see LatestOnly).
 */
export function requestDisplay(imageId: string, display: DisplaySettings): void {
  useClinicalView.setState({ draft: { imageId, display } });
  queue.push({ imageId, display });
  if (clearing) return;
  clearing = true;
  void queue.idle().then(() => {
    clearing = false;
    useClinicalView.setState({ draft: null });
  });
}

/** The display shown for `image`: the one being asked for, else the image's own. */
export function useShownDisplay(image: ImageInfo): DisplaySettings | null {
  const draft = useClinicalView((s) => s.draft);
  if (!image.clinical) return null;
  return draft && draft.imageId === image.id ? draft.display : image.clinical.display;
}
