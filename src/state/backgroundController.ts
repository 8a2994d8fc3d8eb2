// The background transparent images are composited over (white by default), as the person chose it: kept
// in localStorage under a "glassbox-" key, told to the engine when it starts (and again after a restart),
// and, when it changes, the changed previews put into the gallery and the selected image predicted and
// explained again. Issue 14, intake.

import { create } from 'zustand';
import { DEFAULT_IMAGE_BACKGROUND, IMAGE_BACKGROUND_KEY, isImageBackground, type ImageBackground } from '../shared/background';
import type { ImageInfo } from '../shared/types';
import { getEngine, refreshExplanation } from './controller';
import { actions, useStudio } from './store';
import { toUserError } from '../shared/errors';

function stored(): ImageBackground {
  try {
    const v = globalThis.localStorage?.getItem(IMAGE_BACKGROUND_KEY);
    return isImageBackground(v) ? v : DEFAULT_IMAGE_BACKGROUND;
  } catch {
    return DEFAULT_IMAGE_BACKGROUND;
  }
}

/** The chosen background (the UI reads it from here). */
export const useImageBackground = create<{ background: ImageBackground }>(() => ({ background: stored() }));

/** Puts the engine's new previews into the gallery; drops predictions and maps of those images. */
function applyChanged(changed: ImageInfo[]): void {
  if (!changed.length) return;
  const byId = new Map(changed.map((i) => [i.id, i]));
  const s = useStudio.getState();
  const selectedChanged = s.selectedId !== null && byId.has(s.selectedId);
  useStudio.setState({
    images: s.images.map((i) => byId.get(i.id) ?? i),
    ...(selectedChanged ? { prediction: null, predictionFor: null, attribution: null, attributionKey: null, compareResults: {}, compareKey: null } : {}),
  });
  if (selectedChanged) void refreshExplanation();
}

/** Tells the engine the chosen background; applies what changed. Reports failures as a notice. */
async function tellEngine(bg: ImageBackground): Promise<void> {
  try {
    applyChanged(await getEngine().setImageBackground(bg));
  } catch (err) {
    actions.notify({ kind: 'error', ...toUserError(err) });
  }
}

/**
 * The person's choice: remembered, and every transparent image composited again over it (the previews
 * and what the model is fed), the selected one predicted and explained again.
 */
export async function chooseImageBackground(bg: ImageBackground): Promise<void> {
  if (!isImageBackground(bg)) return;
  useImageBackground.setState({ background: bg });
  try {
    globalThis.localStorage?.setItem(IMAGE_BACKGROUND_KEY, bg);
  } catch {
    // storage unavailable (private mode): the choice holds for this visit
  }
  if (useStudio.getState().status === 'ready') await tellEngine(bg);
}

let watching = false;

/** Once: tells the engine a remembered non-default choice when it is ready, and again after every restart. */
export function watchImageBackground(): void {
  if (watching) return;
  watching = true;
  const sync = () => {
    const bg = useImageBackground.getState().background;
    if (bg !== DEFAULT_IMAGE_BACKGROUND) void tellEngine(bg);
  };
  useStudio.subscribe((s, prev) => {
    if (s.status === 'ready' && prev.status !== 'ready') sync();
  });
  if (useStudio.getState().status === 'ready') sync();
  getEngine().onEvent((e) => {
    if (e.type === 'recovered') sync();
  });
}
