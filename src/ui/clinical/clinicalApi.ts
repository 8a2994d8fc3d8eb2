// The clinical viewer's calls to the state, in one place: changing an image's display (window, invert,
// frame; the state re-predicts and recomputes the map), reading values under the pointer, and the
// identifying tags on one explicit request. All three live in state/imagesController.ts (dicom-engine).

import { identifyingTags, pixelValue, setDisplay } from '../../state/imagesController';
import type { DisplaySettings, ShownTag } from '../../shared/types';

/**
 * Shows image `imageId` with `display` (and the model gets that windowed image): resolves once the store
 * has the new ImageInfo. A refusal is a notice (the state's setDisplay says why); this never throws.
 */
export async function changeDisplay(imageId: string, display: Partial<DisplaySettings>): Promise<void> {
  await setDisplay(imageId, display);
}

/** The value(s) of source pixel (x, y) in modality units (HU for CT; [R, G, B] for colour), null outside or unknown. */
export function readPixel(imageId: string, x: number, y: number): Promise<number[] | null> {
  return pixelValue(imageId, x, y);
}

/** The identifying tags of the file, for the page only (never stored): patient name, ID, dates… */
export function readIdentifyingTags(imageId: string): Promise<ShownTag[]> {
  return identifyingTags(imageId);
}
