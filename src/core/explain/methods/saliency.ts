// Vanilla gradient saliency — Simonyan, Vedaldi & Zisserman, "Deep Inside Convolutional Networks:
// Visualising Image Classification Models and Saliency Maps", ICLR workshop 2014.
//   w = dS_c / dx                                   (gradient of the pre-softmax class score)
//   M_ij = max_ch |w_{ij,ch}|   (paper)   or   sum_ch |w_{ij,ch}|

import type { ExplainMethod } from '../types';
import { validateOptions } from '../types';
import { checkTarget, imageInputCompatible, reduceChannels, sumGradients } from '../gradients';
import { figure, startRun } from '../result';
import { t } from '../../../shared/i18n';

export interface SaliencyOptions {
  [key: string]: string;
  channels: 'max' | 'sum';
}

export const saliency: ExplainMethod<SaliencyOptions> = {
  id: 'saliency',
  label: 'Vanilla gradient',
  summary: 'Shows which pixels would change the class score most if they changed slightly.',
  about:
    'This is the simplest gradient map: for every pixel it asks "if this pixel got a little brighter or darker, how much would the score of the chosen class move?" ' +
    'Bright pixels are the ones the score is most sensitive to, whichever direction. ' +
    'It is sharp but often noisy and speckled, and sensitivity is not the same as importance: a pixel can matter a lot to the model and still have a small gradient.',
  kind: 'gradient',
  signed: false,
  defaultOptions: { channels: 'max' },
  options: [
    {
      key: 'channels',
      label: 'Colour channels',
      type: 'select',
      choices: [
        { value: 'max', label: 'Largest of the channels (Simonyan et al.)' },
        { value: 'sum', label: 'Sum of the channels' },
      ],
      help: 'How the gradient magnitudes of the red, green and blue values of a pixel are combined',
    },
  ],
  isCompatible: imageInputCompatible,
  async explain(ctx, input, target, raw) {
    const o = validateOptions(saliency, raw);
    checkTarget(ctx, target);
    const finish = startRun(ctx, saliency.id, target, o);
    const [, H, W, C] = input.shape;
    ctx.onProgress?.({ done: 0, total: 1, stage: t('methods:checks.stages.gradients') });
    const r = await sumGradients(ctx, input, { count: 1, target, makeBatch: () => ({ x: input }), stage: t('methods:checks.stages.gradients') });
    const values = reduceChannels(r.sum, H, W, C, o.channels === 'max' ? 'maxAbs' : 'sumAbs');
    return {
      values,
      width: W,
      height: H,
      signed: false,
      units: 'logit-gradient',
      checks: [figure('logit', t('methods:checks.figures.logitOfClass'), r.scores[0])],
      run: finish({ done: r.done, total: 1, unit: 'gradients' }, { cancelled: r.cancelled }),
    };
  },
};
