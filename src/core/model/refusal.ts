// What a refused model file looks like, shared by the model.json, shard and metadata checks
// (modelJson.ts, shards.ts, metadata.ts) and the loader that runs them (validate.ts). Every refusal names
// the fact it found and says what to do, in the shape of UserErrorInfo.

import type { UserErrorInfo } from '../../shared/types';
import { t } from '../../shared/i18n';

export type ValidationCode =
  | 'not-json'
  | 'not-tfjs'
  | 'graph-model'
  | 'unknown-layer'
  | 'not-image'
  | 'missing-shard'
  | 'shard-size'
  | 'bad-metadata'
  | 'metadata-mismatch'
  | 'not-classifier'
  | 'too-large'
  | 'bad-weights'
  | 'load-failed';

export interface InvalidModelFiles {
  ok: false;
  code: ValidationCode;
  error: UserErrorInfo;
}

export type Json = Record<string, unknown>;

/** A refusal with its code and the three parts a person reads. */
export function fail(code: ValidationCode, title: string, detail: string, action: string): InvalidModelFiles {
  return { ok: false, code, error: { title, detail, action } };
}

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A refusal whose three parts are catalogue entries (shared/i18n/model.ts): `model:<key>.title`, `.detail`
 * and `.action`, in the current language, with `values` interpolated. `parts` overrides a part's key (a full
 * 'ns:key'), e.g. a shared action.
 */
export function refuse(code: ValidationCode, key: string, values: Record<string, unknown> = {}, parts: Partial<Record<'title' | 'detail' | 'action', string>> = {}): InvalidModelFiles {
  const part = (p: 'title' | 'detail' | 'action') => t(parts[p] ?? `model:${key}.${p}`, values);
  return fail(code, part('title'), part('detail'), part('action'));
}

/** "a", "b" … and N more: file or layer names for a message, at most six spelled out. */
export function listNames(names: string[]): string {
  if (names.length === 0) return t('model:names.none');
  const quoted = names.map((n) => `"${n}"`);
  return quoted.length <= 6 ? quoted.join(', ') : t('model:names.more', { list: quoted.slice(0, 6).join(', '), count: quoted.length - 6 });
}

/** A tensor shape as a person reads it: [any, 224, 224, 3] (null or -1 is "any"). */
export function describeShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null || d === -1 ? t('model:any') : String(d))).join(', ')}]`;
}
