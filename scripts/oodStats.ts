// Shared by scripts/oodDemo.ts and scripts/trainDemo.ts: writes a model's out-of-distribution statistics
// (src/core/metrics/oodStats.ts) into its metadata.json.

import fs from 'node:fs';
import path from 'node:path';
import type { LoadedModel } from '../src/core/model/loaded';
import { syntheticOodStatistics } from '../src/core/metrics/oodStats';
import type { OodStatistics } from '../src/shared/ood';

/** JSON with two-space indents, but each list of numbers on one line (the statistics are long lists). */
export function compactJson(v: unknown): string {
  return JSON.stringify(v, null, 2).replace(/\[\s+(-?[\d.e+-]+(?:,\s+-?[\d.e+-]+)*)\s+\]/g, (_m, inner: string) => `[${inner.split(/,\s+/).join(', ')}]`) + '\n';
}

/**
 * Fits the statistics of `lm` on the synthetic training split (`train` images) and calibrates them on
 * the validation split (`val` images), then adds them as "ood" to `dir`/metadata.json. Numbers are kept
 * to eight significant digits.
 */
export async function writeDemoOod(dir: string, lm: LoadedModel, train: number, val: number): Promise<OodStatistics> {
  const ood = await syntheticOodStatistics(lm, train, val);
  const file = path.join(dir, 'metadata.json');
  const meta = JSON.parse(fs.readFileSync(file, 'utf8'));
  const round = (v: number) => Number(v.toPrecision(8));
  meta.ood = { ...ood, means: ood.means.map(round), covarianceCholesky: ood.covarianceCholesky.map(round), threshold: round(ood.threshold) };
  fs.writeFileSync(file, compactJson(meta));
  return meta.ood;
}
