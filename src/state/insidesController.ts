// The model's insides (issue 17): asks the engine for the layer graph, a layer's activations and the first
// filters. Plain requests: the panel keeps what it shows (nothing here outlives a model change).

import { getEngine } from './controller';
import type { FilterPatches, LayerActivations, ModelGraph } from '../shared/modelGraph';

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
