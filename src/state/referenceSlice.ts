// The reference region's state (issue 13, pointing game): what the person drew on each image, the drawing
// tool, and the top-k% of the agreement matrix. A slice of the studio store (store.ts spreads it in). Plain data.

import type { ReferenceRegion } from '../shared/region';

export type ReferenceTool = 'none' | 'brush' | 'polygon';

export interface ReferenceSlice {
  /**
   * The reference region of each image, by image id: absent = the image's default (its ground truth, for a
   * demo image; none otherwise); null = the person cleared it.
   */
  references: Record<string, ReferenceRegion | null>;
  /** The drawing tool on the image ('none': the image is not drawn on). */
  referenceTool: ReferenceTool;
  /** Brush radius as a share of the image's shorter side. */
  brushRadius: number;
  /** The polygon being drawn (vertices in the image's pixels), until it is closed or cancelled. */
  polygonDraft: { imageId: string; points: number[] } | null;
  /** Agreement matrix: the top fraction of pixels whose IoU is shown (0.1 = top 10%). */
  agreementFraction: number;
}

export const initialReferenceState: ReferenceSlice = {
  references: {},
  referenceTool: 'none',
  brushRadius: 0.04,
  agreementFraction: 0.1,
  polygonDraft: null,
};
