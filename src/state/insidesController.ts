// The model's insides (issue 17): asks the engine for the layer graph, a layer's activations and the first
// filters. Plain requests: the panel keeps what it shows (nothing here outlives a model change).

import { getEngine } from './controller';
import type { FilterPatches, LayerActivations, ModelGraph } from '../shared/modelGraph';
import { create } from 'zustand';
import { useStudio } from './store';
import { toUserError, type UserErrorInfo } from '../shared/errors';
import type { Progress } from '../shared/types';
import type { TrainingOutcome } from '../shared/training';
import type { ChannelGallery, ClassViews } from '../shared/classViews';

/** The active model's layer graph. */
export function fetchModelGraph(): Promise<ModelGraph> {
  return getEngine().modelGraph();
}

/** `layer`'s feature maps for a loaded image, with Grad-CAM weights for class `target` (null: none). */
export function fetchActivations(imageId: string, layer: string, target: number | null): Promise<LayerActivations> {
  return getEngine().layerActivations(imageId, layer, target);
}

/** The first convolution's filters as RGB patches (null: the model has none). */
export function fetchFilters(): Promise<FilterPatches | null> {
  return getEngine().firstConvFilters();
}

// ── classviews (issue 17): the images that excite a channel most, and the class views of a studio-trained
// model over its run's validation images. The class views live in a small store of their own, so the
// Models view and the Train view show the same computation.

/** The `top` images (of every image the studio holds) whose mean activation of `channel` in `layer` is highest. */
export function fetchChannelGallery(layer: string, channel: number, top: number, onProgress?: (p: Progress) => void): Promise<ChannelGallery> {
  return getEngine().channelGallery(layer, channel, top, onProgress, channelGalleryScope());
}

/**
 * The images a channel ranking covers: the gallery's and the last training run's validation images (the
 * engine's store also keeps earlier runs' validation images, which would repeat under the same names).
 */
export function channelGalleryScope(): string[] {
  const s = useStudio.getState();
  return [...new Set([...s.images.map((i) => i.id), ...(s.trainOutcome?.validation ?? []).map((v) => v.image.id)])];
}

export interface ClassViewsState {
  status: 'idle' | 'running' | 'done' | 'error';
  /** The model (ModelOrigin.serial) the shown result or the running computation is for. */
  serial: number | null;
  progress: Progress | null;
  result: ClassViews | null;
  error: UserErrorInfo | null;
  /** Which images each class's mean map averages: those of the class, or those predicted as it. */
  by: 'true' | 'predicted';
}

export const useClassViews = create<ClassViewsState>(() => ({ status: 'idle', serial: null, progress: null, result: null, error: null, by: 'true' }));

/**
 * Whether class views can be computed for the active model: 'ready' when it is the model the session's last
 * run trained (its validation images are known), 'another' when that run's model is no longer active,
 * 'untrained' when no run trained a model in this session.
 */
export function classViewsAvailability(s: { trainOutcome: TrainingOutcome | null; modelOrigin: { serial: number } | null }): 'ready' | 'another' | 'untrained' {
  if (!s.trainOutcome) return 'untrained';
  return s.modelOrigin?.serial === s.trainOutcome.change.origin.serial ? 'ready' : 'another';
}

/** Computes the class views of the active model over its run's validation images (nothing when unavailable or already running). */
export async function computeClassViews(): Promise<void> {
  const s = useStudio.getState();
  if (classViewsAvailability(s) !== 'ready' || useClassViews.getState().status === 'running') return;
  const o = s.trainOutcome!;
  const serial = o.change.origin.serial;
  useClassViews.setState({ status: 'running', serial, progress: null, error: null });
  try {
    const items = o.validation.map((v) => ({ imageId: v.image.id, trueLabel: v.trueLabel }));
    const result = await getEngine().classViews({ serial, items }, (p) => {
      if (useClassViews.getState().serial === serial) useClassViews.setState({ progress: p });
    });
    if (useClassViews.getState().serial === serial) useClassViews.setState({ status: 'done', result, progress: null });
  } catch (e) {
    if (useClassViews.getState().serial === serial) useClassViews.setState({ status: 'error', error: toUserError(e), progress: null });
  }
}

/** Which images the mean maps average (the result holds both). */
export function setClassViewsBy(by: ClassViewsState['by']): void {
  useClassViews.setState({ by });
}
