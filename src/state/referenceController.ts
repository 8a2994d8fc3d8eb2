// The reference region (issue 13, pointing game): the person draws where they would look, or keeps the
// synthetic ground truth of a demo image; every explanation is scored against it, and the compared maps
// against each other, in the worker (worker/reference.ts through client.ts).

import { cropBox } from '../shared/geometry';
import type { MapToScore, ReferenceRegion, ReferenceScoring, RegionShape } from '../shared/region';
import type { Attribution, ImageInfo, ModelSummary } from '../shared/types';
import type { AgreementMatrix } from '../worker/client';
import { getEngine } from './controller';
import { useStudio, type StudioState } from './store';
import type { ReferenceTool } from './referenceSlice';

/** The image's reference region: what the person drew, else its ground truth (demo images), else none. */
export function referenceOf(s: Pick<StudioState, 'references'>, image: ImageInfo | null): ReferenceRegion | null {
  if (!image) return null;
  const own = s.references[image.id];
  return own !== undefined ? own : (image.groundTruth ?? null);
}

function setReference(imageId: string, region: ReferenceRegion | null | undefined): void {
  useStudio.setState((s) => {
    const references = { ...s.references };
    if (region === undefined) delete references[imageId];
    else references[imageId] = region;
    return { references };
  });
}

export const referenceActions = {
  setTool(referenceTool: ReferenceTool): void {
    useStudio.setState({ referenceTool, polygonDraft: null });
  },
  /** Adds a vertex (image pixels) to the polygon being drawn on `imageId`. */
  addVertex(imageId: string, x: number, y: number): void {
    useStudio.setState((s) => ({ polygonDraft: { imageId, points: [...(s.polygonDraft?.imageId === imageId ? s.polygonDraft.points : []), x, y] } }));
  },
  /** Closes the polygon being drawn (3 vertices or more) into a shape of the region; fewer are dropped. */
  closePolygon(image: ImageInfo): void {
    const d = useStudio.getState().polygonDraft;
    useStudio.setState({ polygonDraft: null });
    if (d && d.imageId === image.id && d.points.length >= 6) referenceActions.addShape(image, { kind: 'polygon', points: d.points });
  },
  cancelPolygon(): void {
    useStudio.setState({ polygonDraft: null });
  },
  /** Brush radius as a share of the image's shorter side (clamped to 0.5%-25%). */
  setBrushRadius(r: number): void {
    useStudio.setState({ brushRadius: Math.min(0.25, Math.max(0.005, r)) });
  },
  /** Adds a drawn shape to the image's region; drawing over a ground truth starts the person's own region. */
  addShape(image: ImageInfo, shape: RegionShape): void {
    const s = useStudio.getState();
    const current = referenceOf(s, image);
    const base = current && current.source === 'drawn' ? current.shapes : [];
    setReference(image.id, { imageWidth: image.width, imageHeight: image.height, shapes: [...base, shape], source: 'drawn' });
  },
  /** Removes the last drawn shape (undo). */
  undo(image: ImageInfo): void {
    const current = referenceOf(useStudio.getState(), image);
    if (!current || current.source !== 'drawn') return;
    const shapes = current.shapes.slice(0, -1);
    setReference(image.id, shapes.length ? { ...current, shapes } : null);
  },
  /** No reference region for this image (not even its ground truth) until the person draws one. */
  clear(imageId: string): void {
    setReference(imageId, null);
  },
  /** Back to the image's ground truth (demo images). */
  useGroundTruth(imageId: string): void {
    setReference(imageId, undefined);
  },
  setAgreementFraction(agreementFraction: number): void {
    useStudio.setState({ agreementFraction });
  },
};

// Regions of images that are gone are dropped with them.
useStudio.subscribe((s, prev) => {
  if (s.selectedId !== prev.selectedId && s.polygonDraft) useStudio.setState({ polygonDraft: null });
  if (s.images === prev.images) return;
  const ids = new Set(s.images.map((i) => i.id));
  const gone = Object.keys(s.references).filter((id) => !ids.has(id));
  if (!gone.length) return;
  const references = { ...s.references };
  for (const id of gone) delete references[id];
  useStudio.setState({ references });
});

/** A map as the scorer takes it: a copy of the values (the page keeps showing the original). */
export function mapOf(id: string, a: Attribution): MapToScore {
  return { id, values: a.values, width: a.width, height: a.height };
}

/** Scores `maps` against `region`, laid over the part of `image` the model sees (its crop box). */
export function scoreReference(maps: MapToScore[], region: ReferenceRegion, image: ImageInfo, model: ModelSummary | null): Promise<ReferenceScoring> {
  const box = cropBox(image.width, image.height, model?.preprocessing.resize ?? 'stretch');
  return getEngine().referenceScores(maps, region, box);
}

/** Spearman ρ and top-`fraction` IoU between every pair of the compared maps. */
export function agreementOf(maps: { name: string; values: Float32Array }[], fraction: number): Promise<AgreementMatrix> {
  return getEngine().agreement(maps, fraction);
}
