// The clinical viewer's calls to the engine and the state, in one place: changing an image's display
// (window, invert, frame), reading values under the pointer, and the identifying tags on request.
//
// SHIM until the dicom-engine branch lands its methods: the engine methods are looked up at run time, and
// changeDisplay replaces the image in the store itself. Once merged, changeDisplay calls the state action
// of state/imagesController.ts (which also predicts again).

import { getEngine } from '../../state/controller';
import { useStudio } from '../../state/store';
import { UserError } from '../../shared/errors';
import type { DisplaySettings, ImageInfo, ShownTag } from '../../shared/types';

interface ClinicalEngine {
  setDisplay(imageId: string, patch: Partial<DisplaySettings>): Promise<ImageInfo>;
  pixelValue(imageId: string, x: number, y: number): Promise<number[] | null>;
  identifyingTags(imageId: string): Promise<ShownTag[]>;
}

function engine(): Partial<ClinicalEngine> {
  return getEngine() as unknown as Partial<ClinicalEngine>;
}

const NOT_YET = () => new UserError('This build cannot window clinical images yet', 'The engine has no display methods.', 'Use a build that includes DICOM support.');

/** Shows image `imageId` with `display` (and the model gets that image): resolves once the store has it. */
export async function changeDisplay(imageId: string, display: Partial<DisplaySettings>): Promise<void> {
  const e = engine();
  if (!e.setDisplay) throw NOT_YET();
  const info = await e.setDisplay(imageId, display);
  useStudio.setState((s) => ({ images: s.images.map((i) => (i.id === info.id ? info : i)) }));
}

/** The value(s) of source pixel (x, y) in modality units (HU for CT; RGB for colour), null outside or unknown. */
export async function readPixel(imageId: string, x: number, y: number): Promise<number[] | null> {
  const e = engine();
  if (!e.pixelValue) return null;
  return e.pixelValue(imageId, x, y);
}

/** The identifying tags of the file, for the page only (never stored): patient name, ID, dates… */
export async function readIdentifyingTags(imageId: string): Promise<ShownTag[]> {
  const e = engine();
  if (!e.identifyingTags) throw NOT_YET();
  return e.identifyingTags(imageId);
}
