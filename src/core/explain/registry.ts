// THE list of explanation methods. The worker dispatches through it, the options form is built from
// it, and registry.test.ts loops over it. Adding a method = one file + its test + one line here.

import type { MethodDescriptor } from '../../shared/types';
import { UserError } from '../../shared/errors';
import { t } from '../../shared/i18n';
import type { ExplainMethod, ModelInfo } from './types';
import { translatedMethod } from './methodText';
import { gradCam } from './methods/gradCam';
import { gradCamPlusPlus } from './methods/gradCamPlusPlus';
import { hiResCam } from './methods/hiResCam';
import { layerCam } from './methods/layerCam';
import { scoreCam } from './methods/scoreCam';
import { eigenCam } from './methods/eigenCam';
import { saliency } from './methods/saliency';
import { gradientXInput } from './methods/gradientXInput';
import { smoothGrad } from './methods/smoothGrad';
import { integratedGradients } from './methods/integratedGradients';
import { occlusion } from './methods/occlusion';
import { rise } from './methods/rise';
import { lime } from './methods/lime';
import { kernelShapMethod } from './methods/kernelShap';

export const METHODS: readonly ExplainMethod<never>[] = [
  gradCam,
  gradCamPlusPlus,
  hiResCam,
  layerCam,
  scoreCam,
  eigenCam,
  saliency,
  gradientXInput,
  smoothGrad,
  integratedGradients,
  occlusion,
  rise,
  lime,
  kernelShapMethod,
] as unknown as readonly ExplainMethod<never>[];

/** The method the studio opens with, and the ones in the comparison grid until the person picks others. */
const OPEN_BY_DEFAULT: string = gradCam.id;
const COMPARE_BY_DEFAULT: ReadonlySet<string> = new Set([gradCam, gradCamPlusPlus, integratedGradients, rise, occlusion, smoothGrad].map((m) => m.id));

/** The registered method with this id; throws a UserError (current language) listing the known ids for any other. */
export function getMethod(id: string): ExplainMethod {
  const m = METHODS.find((x) => x.id === id);
  if (!m) {
    const known = METHODS.map((x) => x.id).join(', ');
    throw new UserError(t('methods:optionErrors.unknownMethod.title', { id }), t('methods:optionErrors.unknownMethod.detail', { known }), t('methods:optionErrors.unknownMethod.action'));
  }
  return m as unknown as ExplainMethod;
}

/**
 * Plain-data descriptions of every method, in registry order, for the UI: labels, options, whether it
 * runs on the model described by `info` (none without a model), and the studio's defaults. Label, summary,
 * about and option texts are in the current language (shared/i18n, namespace 'methods').
 */
export function describeMethods(info: ModelInfo | null): MethodDescriptor[] {
  return METHODS.map((m) => ({
    id: m.id,
    // i18n: texts in the current language, read now (not at module load).
    ...translatedMethod(m),
    kind: m.kind,
    signed: m.signed,
    defaultOptions: m.defaultOptions,
    compatible: info ? m.isCompatible(info) : false,
    openByDefault: m.id === OPEN_BY_DEFAULT,
    compareByDefault: COMPARE_BY_DEFAULT.has(m.id),
    ...(m.followsScoreChoice ? { followsScoreChoice: true } : {}),
  }));
}
