// THE list of explanation methods. The worker dispatches through it, the options form is built from
// it, and registry.test.ts loops over it. Adding a method = one file + its test + one line here.

import type { MethodDescriptor } from '../../shared/types';
import type { ExplainMethod, ModelInfo } from './types';
import { gradCam } from './methods/gradCam';

export const METHODS: readonly ExplainMethod<never>[] = [
  gradCam,
] as unknown as readonly ExplainMethod<never>[];

export function getMethod(id: string): ExplainMethod {
  const m = METHODS.find((x) => x.id === id);
  if (!m) throw new Error(`Unknown explanation method "${id}"; known: ${METHODS.map((x) => x.id).join(', ')}`);
  return m as unknown as ExplainMethod;
}

export function describeMethods(info: ModelInfo | null): MethodDescriptor[] {
  return METHODS.map((m) => ({
    id: m.id,
    label: m.label,
    summary: m.summary,
    about: m.about,
    kind: m.kind,
    signed: m.signed,
    defaultOptions: m.defaultOptions,
    options: m.options,
    compatible: info ? m.isCompatible(info) : false,
  }));
}
