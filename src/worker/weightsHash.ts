// The SHA-256 of a model's weights, for the report: a colleague can check that the model they hold is the
// one that made the explanation. Computed in the worker (the weights live there) with Web Crypto.
//
// What is hashed: the weight data exactly as TensorFlow.js serialises it when the model is saved (every
// weight of the manifest, in manifest order, little-endian float32/int32, no header), i.e. the bytes of the
// single .bin shard Glassbox writes when it downloads the model. For a model saved by Glassbox (and the demo
// model) that is the .bin file on disk, so `sha256sum group1-shard1of1.bin` gives the same hex string.
// Standard: FIPS 180-4 (SHA-256).

import type * as tf from '@tensorflow/tfjs';
import { saveLayersModelToFiles } from '../core/model/io';

/** The weights' fingerprint: lower-case hex SHA-256 and how many bytes were hashed. */
export interface WeightsHash {
  sha256: string;
  bytes: number;
}

/**
 * SHA-256 (FIPS 180-4) of some bytes, as 64 lower-case hex digits, via crypto.subtle.digest (worker, page
 * and Node >= 20 alike). Throws when Web Crypto is missing (never on a secure context or file://).
 */
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('Web Crypto (crypto.subtle) is not available here');
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const digest = await subtle.digest('SHA-256', view as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * SHA-256 of a Layers model's weight data as tfjs saves it (see the file comment). Reads the weights
 * (model.save with an in-memory handler) and creates no tensor that outlives the call.
 */
export async function modelWeightsSha256(model: tf.LayersModel): Promise<WeightsHash> {
  const saved = await saveLayersModelToFiles(model);
  return { sha256: await sha256Hex(saved.weights), bytes: saved.weights.byteLength };
}
