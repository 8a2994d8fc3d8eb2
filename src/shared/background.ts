// What the transparent parts of an image are composited over before the model sees them (and in the
// previews the page shows, so what the person sees is what the model gets). Issue 14, intake.

/** The backgrounds a person can choose for transparent images. */
export type ImageBackground = 'white' | 'grey' | 'black';

export const IMAGE_BACKGROUNDS: readonly ImageBackground[] = ['white', 'grey', 'black'];

/** sRGB 0-255 of each background. */
export const BACKGROUND_RGB: Record<ImageBackground, readonly [number, number, number]> = {
  white: [255, 255, 255],
  grey: [128, 128, 128],
  black: [0, 0, 0],
};

/** White: what a transparent PNG looks like on most pages and viewers. */
export const DEFAULT_IMAGE_BACKGROUND: ImageBackground = 'white';

/** localStorage key of the person's choice ("glassbox-" prefix: "Forget everything" removes it, shared/storeNames.ts). */
export const IMAGE_BACKGROUND_KEY = 'glassbox-image-background';

export function isImageBackground(v: unknown): v is ImageBackground {
  return typeof v === 'string' && (IMAGE_BACKGROUNDS as readonly string[]).includes(v);
}
