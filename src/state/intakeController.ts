// What arrives on the Explain page (dropped, or picked with "Add images"): images go to the gallery, and
// the files of a model (model.json, its weight shards, metadata.json, or one .zip of them as Teachable
// Machine's "Download my model" gives) are loaded as the active model instead of being refused as "not
// an image". A drop holding both does both (issue 14, intake).

import { loadFiles } from './imagesController';
import { loadModelFromFiles } from './activeModelController';
import type { PickedFile } from './trainingController';

/** Names that belong to a model, never to an image: TensorFlow.js files, zips, and other frameworks' model files (refused with how to convert). */
const MODEL_FILE = /\.(json|bin|zip|h5|hdf5|keras|onnx|pt|pth|tflite|pb|mlmodel)$/i;
/** Weight shards of older tensorflowjs_converter versions have no extension: "group1-shard1of3". */
const BARE_SHARD = /^group\d+-shard\d+of\d+$/i;
/** Types of a model's files whose names say nothing (no extension); octet-stream is not one: it may be a DICOM. */
const MODEL_TYPE = /^application\/(json|zip|x-zip-compressed)$/i;

function baseName(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1];
}

/** Whether a dropped file is part of a model (by its name, or a JSON/zip type when the name has no extension). */
export function isModelFile(f: { name: string; type: string }): boolean {
  const name = baseName(f.name);
  if (MODEL_FILE.test(name) || BARE_SHARD.test(name)) return true;
  return !name.includes('.') && MODEL_TYPE.test(f.type);
}

/** Splits a drop into images (everything else: recognised by content when decoded) and a model's files. */
export function splitDrop(files: PickedFile[]): { images: File[]; model: PickedFile[] } {
  const images: File[] = [];
  const model: PickedFile[] = [];
  for (const f of files) {
    if (baseName(f.path || f.file.name).startsWith('.')) continue; // .DS_Store and other hidden files of a dropped folder
    if (isModelFile(f.file)) model.push(f);
    else images.push(f.file);
  }
  return { images, model };
}

/**
 * Loads what was dropped on (or picked in) the Explain page: the images into the gallery, the model files
 * as the active model (a broken model is refused with its own message naming the file and changes
 * nothing). Both start at once; resolves when both are done. Never throws.
 */
export async function loadDropped(files: PickedFile[]): Promise<void> {
  const { images, model } = splitDrop(files);
  await Promise.all([model.length ? loadModelFromFiles(model) : undefined, images.length ? loadFiles(images) : undefined]);
}
