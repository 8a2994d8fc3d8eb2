import type { LayerSummary } from '../../shared/types';

/** One candidate target layer for CAM methods, as the Models page lists it. */
export interface CandidateLayer {
  path: string;
  className: string;
  /** Output shape as text, e.g. "[any, 7, 7, 1024]". */
  shape: string;
  isConv: boolean;
}

/** A layer output shape as text: unknown (null or negative) dimensions read "any". */
export function shapeText(s: (number | null)[]): string {
  return `[${s.map((d) => (d === null || d < 0 ? 'any' : d)).join(', ')}]`;
}

/**
 * The candidate CAM target layers in model order: the convolutional layers first (the usual choice), then
 * the other layers with a spatial output. Layers absent from `layers` (nested paths the summary lacks) keep
 * an empty shape rather than being dropped.
 *
 * @param convLayers paths of the convolutional layers with a spatial output (ModelSummary.convLayers)
 * @param camLayers paths of every layer with a spatial output (ModelSummary.camLayers)
 */
export function candidateLayers(layers: LayerSummary[], convLayers: string[], camLayers: string[]): CandidateLayer[] {
  const byPath = new Map(layers.map((l) => [l.path, l]));
  const conv = new Set(convLayers);
  const row = (path: string): CandidateLayer => {
    const l = byPath.get(path);
    return { path, className: l?.className ?? '', shape: l ? shapeText(l.outputShape) : '', isConv: conv.has(path) };
  };
  return [...convLayers.map(row), ...camLayers.filter((p) => !conv.has(p)).map(row)];
}

/**
 * Filters candidate layers by a typed query: every whitespace-separated term must occur (case-insensitive)
 * in the layer's path or its shape text, or be its whole class name ("depthwiseconv2d"); so "conv_pw 14,"
 * finds the pointwise convolutions whose output is 14 high. `convOnly` keeps convolutional layers only.
 */
export function filterLayers(rows: CandidateLayer[], query: string, convOnly: boolean): CandidateLayer[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((r) => {
    if (convOnly && !r.isConv) return false;
    // The class name counts only whole ("conv2d"), so "conv2" finds the layer conv2, not every Conv2D.
    const hay = `${r.path} ${r.shape}`.toLowerCase();
    const cls = r.className.toLowerCase();
    return terms.every((term) => hay.includes(term) || term === cls);
  });
}
