// Weight shards: finding each file the weights manifest names among the files a person gave (by path
// or by bare file name, URI-encoded or not), and checking that their lengths are what the manifest says,
// before any byte is decoded.

import type * as tf from '@tensorflow/tfjs';
import { fail, listNames, type InvalidModelFiles } from './refusal';
import { t } from '../../shared/i18n';
import type { WeightsGroup } from './modelJson';

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, complex64: 8 };
const QUANT_BYTES: Record<string, number> = { uint8: 1, uint16: 2, float16: 2 };

/** Bytes a weight takes in a shard, or null when it cannot be known up front (strings). */
export function weightBytes(w: tf.io.WeightsManifestEntry): number | null {
  const n = (w.shape ?? []).reduce((a, b) => a * b, 1);
  const q = w.quantization?.dtype;
  const size = q ? QUANT_BYTES[q] : DTYPE_BYTES[w.dtype];
  return size === undefined ? null : n * size;
}

function baseName(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1];
}

function findShard(shards: Map<string, ArrayBuffer>, manifestPath: string): ArrayBuffer | undefined {
  const exact = shards.get(manifestPath);
  if (exact) return exact;
  const want = [baseName(manifestPath)];
  try {
    want.push(baseName(decodeURIComponent(manifestPath)));
  } catch {
    // not URI-encoded
  }
  for (const [name, buf] of shards) if (want.includes(baseName(name))) return buf;
  return undefined;
}

/**
 * Matches the manifest's shards to the given files and checks their sizes.
 * @param groups the weights manifest of model.json.
 * @param given shards by file name or by a path ending in it.
 * @returns the shards keyed by the path the manifest names (what loadLayersModelFromFiles expects), or the
 *   refusal: 'missing-shard' (names the missing and the given files), 'shard-size' (expected and actual bytes).
 */
export function matchShards(groups: WeightsGroup[], given: Map<string, ArrayBuffer>): { ok: true; shards: Map<string, ArrayBuffer> } | InvalidModelFiles {
  const givenNames = [...given.keys()];
  const missing = groups.flatMap((g) => g.paths).filter((p) => !findShard(given, p));
  if (missing.length) {
    const all = groups.flatMap((g) => g.paths);
    const v = { count: all.length, name: missing[0], all: listNames(all), missing: listNames(missing), given: listNames(givenNames) };
    return fail('missing-shard', missing.length === 1 ? t('model:missingShard.titleOne', v) : t('model:missingShard.titleMany', { count: missing.length }),
      t('model:missingShard.detail', v), t('model:missingShard.action'));
  }
  const shards = new Map<string, ArrayBuffer>();
  for (const g of groups) {
    const bufs = g.paths.map((p) => findShard(given, p) as ArrayBuffer);
    g.paths.forEach((p, i) => shards.set(p, bufs[i]));
    const sizes = g.weights.map(weightBytes);
    if (sizes.some((s) => s === null)) continue;
    const expected = (sizes as number[]).reduce((a, b) => a + b, 0);
    const actual = bufs.reduce((n, b) => n + b.byteLength, 0);
    if (expected !== actual) {
      const one = g.paths.length === 1;
      const v = { name: g.paths[0], files: g.paths.length, names: listNames(g.paths), actual, expected, weights: g.weights.length, hint: t(actual < expected ? 'model:shardSize.short' : 'model:shardSize.long') };
      return fail('shard-size', t(one ? 'model:shardSize.titleOne' : 'model:shardSize.titleGroup', v),
        t(one ? 'model:shardSize.detailOne' : 'model:shardSize.detailGroup', v), t('model:shardSize.action'));
    }
  }
  return { ok: true, shards };
}
