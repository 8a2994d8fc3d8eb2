// The engine's side of clinical images (issue 14): opening a dropped file as a ClinicalView when it is DICOM,
// TIFF or 16-bit greyscale PNG (else the browser decodes it), and changing how a stored one is shown, one
// change at a time per image (a frame decode must not let an older change land after a newer one).

import type { DisplaySettings } from '../shared/clinical';
import type { RgbaImage } from '../shared/types';
import { ClinicalView, openClinical } from '../core/image/clinical';
import { decodeBlob } from '../core/image/decode';

/** A decoded file: the 8-bit pixels the studio keeps (the model's input), and the clinical view behind them. */
export interface Opened {
  pixels: RgbaImage;
  clinical?: ClinicalView;
}

/**
 * Decodes a file the person gave: clinical files through core/image/clinical.ts (windowed with `display` over
 * the file's defaults), others through the browser (decodeBlob).
 * @throws UserError naming the file and the problem
 */
export async function openForStudio(blob: Blob, name: string, display?: Partial<DisplaySettings>): Promise<Opened> {
  const src = await openClinical(blob, name);
  if (!src) return { pixels: await decodeBlob(blob, name) };
  const clinical = await ClinicalView.open(src, display);
  return { pixels: clinical.rgba(), clinical };
}

/** Runs each image's display changes one after another, in the order asked. */
export class DisplayLanes {
  private lanes = new Map<string, Promise<unknown>>();

  run<T>(imageId: string, fn: () => Promise<T>): Promise<T> {
    const before = this.lanes.get(imageId) ?? Promise.resolve();
    const next = before.catch(() => undefined).then(fn);
    this.lanes.set(imageId, next);
    void next.finally(() => {
      if (this.lanes.get(imageId) === next) this.lanes.delete(imageId);
    }).catch(() => undefined);
    return next;
  }
}
