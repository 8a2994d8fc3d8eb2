// Class-level views of the active model as plain data (issue 17 "The model's insides"): the images that
// excite a channel most, and per class the mean Grad-CAM map and the most and least typical validation
// images (worker/classViews.ts computes them; core/model/classViews.ts holds the maths).

import type { RgbaImage } from './types';

/** One image of a ranking or a class view, with a thumbnail made for it (longest side 64 px). */
export interface ViewImage {
  imageId: string;
  name: string;
  thumb: RgbaImage;
  /** What the image is ranked by: a channel's mean activation, or the leave-one-out kernel density of its features. */
  value: number;
}

/** The images that excite one channel of a layer most. */
export interface ChannelGallery {
  layer: string;
  channel: number;
  /** Channels the layer has. */
  channels: number;
  /** Images ranked: every image the engine holds (the gallery, and the validation images of a studio run). */
  ranked: number;
  /** The strongest first: the channel's mean activation over its map for each image. */
  top: ViewImage[];
}

/** A validation image of a studio run, as TrainingOutcome.validation lists it. */
export interface ClassViewItem {
  imageId: string;
  /** Index of its true class in the model's labels. */
  trueLabel: number;
}

export interface ClassViewsRequest {
  /** The active model's serial (ModelOrigin.serial) the validation set belongs to; another model is refused. */
  serial: number;
  items: ClassViewItem[];
}

/** One class's view. */
export interface ClassView {
  label: string;
  /** Validation images whose true class this is. */
  trueCount: number;
  /** Validation images the model predicts as this class (the model run now, on every loaded validation image). */
  predictedCount: number;
  /** Of trueCount, how many the model predicts right. */
  correct: number;
  /** Mean Grad-CAM map (width x height) for this class over the images whose TRUE class it is; null when none. */
  meanByTrue: Float32Array | null;
  /** Mean Grad-CAM map for this class over the images the model PREDICTS as it; null when none. */
  meanByPredicted: Float32Array | null;
  /** MMD-critic prototypes among the images of this true class: the most typical. */
  prototypes: ViewImage[];
  /** The least typical images of this true class (lowest leave-one-out kernel density), none of them a prototype. */
  leastTypical: ViewImage[];
}

export interface ClassViews {
  serial: number;
  /** Size of the mean maps (the model's input size). */
  width: number;
  height: number;
  /** Grad-CAM's target layer. */
  camLayer: string;
  /** The layer whose output are the features typicality is measured on (the penultimate layer). */
  featureLayer: string;
  /** Validation images used; and asked for but no longer loaded (removed from the gallery). */
  used: number;
  missing: number;
  classes: ClassView[];
}

/** Every buffer a ChannelGallery or ClassViews carries, for Comlink.transfer. */
export function classViewTransferables(v: ChannelGallery | ClassViews): ArrayBuffer[] {
  const images = 'top' in v ? v.top : v.classes.flatMap((c) => [...c.prototypes, ...c.leastTypical]);
  const maps = 'classes' in v ? v.classes.flatMap((c) => [c.meanByTrue, c.meanByPredicted]).filter((m): m is Float32Array => m !== null) : [];
  return [...images.map((i) => i.thumb.data.buffer as ArrayBuffer), ...maps.map((m) => m.buffer as ArrayBuffer)];
}
