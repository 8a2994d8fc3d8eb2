// A model together with what is needed to use it: labels, preprocessing, and the layer facts the
// explanation methods ask for (ModelInfo: input size, classes, CAM layers, output head). Owns its
// tensors: dispose() frees them all.

import * as tf from '@tensorflow/tfjs';
import type { ModelMetadata, ModelSummary, RgbaImage, BackendName } from '../../shared/types';
import type { ModelInfo } from '../explain/types';
import { toInputArray } from '../image/preprocess';
import { disposeModel, runModel } from './graph';
import { probabilitiesFromLogits } from './head';
import { camCandidates, summariseModel } from './introspect';
import { estimateMemory, maxBatchFor } from './budget';

export class LoadedModel {
  readonly info: ModelInfo;
  /** Largest batch of inputs one pass may take at the preprocessing size within the memory budget (budget.ts). */
  readonly maxBatch: number;
  constructor(
    readonly model: tf.LayersModel,
    readonly meta: ModelMetadata,
  ) {
    const s = this.summary('cpu');
    const p = meta.preprocessing;
    this.info = {
      // A model that accepts any size runs at its preprocessing size: what the methods see and check.
      inputShape: s.inputShape.map((d, i) => (i === 1 && d < 0 ? p.height : i === 2 && d < 0 ? p.width : d)),
      classes: meta.labels.length,
      camLayers: camCandidates(s.layers).map((l) => l.path),
      defaultCamLayer: s.defaultCamLayer,
      head: s.head,
    };
    this.maxBatch = maxBatchFor(estimateMemory(model, p.height, p.width, p.channels));
  }

  summary(backend: BackendName): ModelSummary {
    const s = summariseModel(this.model, this.meta, backend);
    // A layer the person chose (remembered in the metadata) wins over the automatic choice.
    if (this.meta.camLayer && s.camLayers.includes(this.meta.camLayer)) s.defaultCamLayer = this.meta.camLayer;
    return s;
  }

  /** [1, H, W, C] input tensor for an image; the caller disposes it. */
  inputTensor(img: RgbaImage): tf.Tensor4D {
    const p = this.meta.preprocessing;
    return tf.tensor4d(toInputArray(img, p), [1, p.height, p.width, p.channels]);
  }

  /** Class probabilities for one preprocessed input, through the model's output head (head.ts). */
  async probabilities(x: tf.Tensor4D): Promise<number[]> {
    const p = tf.tidy(() => probabilitiesFromLogits(runModel(this.model, x, { logits: true }).output as tf.Tensor2D, this.info.head));
    const v = Array.from(await p.data());
    p.dispose();
    return v;
  }

  dispose(): void {
    disposeModel(this.model);
  }
}
