/**
 * Whether a change of the selected image should scroll the map into view: only after the studio's first
 * automatic selection (opening the studio must not jump past the gallery), only to a real image, and only
 * when the layout is a single column (the map is then below the gallery, often off-screen).
 *
 * @param previous the selected image id before the change (undefined before the first selection was seen)
 * @param next the selected image id now
 * @param singleColumn whether the workspace is stacked (viewport at most 960 CSS px wide)
 */
export function shouldReveal(previous: string | null | undefined, next: string | null, singleColumn: boolean): boolean {
  return singleColumn && previous !== undefined && next !== null && next !== previous;
}

/** The width (CSS px) at and below which the workspace stacks into one column (styles.css, .workspace). */
export const STACKED_MAX_WIDTH = 960;
