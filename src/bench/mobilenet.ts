// A MobileNet-like classifier built in code with random (seeded) weights, for the benchmark only: it
// shows how the cost of a forward pass and of each explanation grows from the 64 px demo CNN to an
// ImageNet-sized model. Same block structure as MobileNet v1 (Howard et al., 2017): a strided 3x3
// conv, then 13 depthwise-separable blocks (3x3 depthwise + 1x1 pointwise, each with batch norm and
// ReLU6), global average pooling and a dense softmax. The width multiplier `alpha` thins every layer;
// 0.25 keeps the benchmark's CPU-side runs in budget.

import * as tf from '@tensorflow/tfjs';
import type { ModelMetadata } from '../shared/types';

export interface MobileNetLikeOptions {
  inputSize?: number;
  alpha?: number;
  classes?: number;
  seed?: number;
}

/** (pointwise filters at alpha 1, stride of the depthwise conv) of MobileNet v1's 13 blocks. */
const BLOCKS: [number, number][] = [
  [64, 1], [128, 2], [128, 1], [256, 2], [256, 1], [512, 2],
  [512, 1], [512, 1], [512, 1], [512, 1], [512, 1], [1024, 2], [1024, 1],
];

export const MOBILENET_DEFAULTS: Required<MobileNetLikeOptions> = { inputSize: 224, alpha: 0.25, classes: 1000, seed: 7 };

export function mobileNetLike(o: MobileNetLikeOptions = {}): tf.Sequential {
  const { inputSize, alpha, classes, seed } = { ...MOBILENET_DEFAULTS, ...o };
  const f = (n: number) => Math.max(8, Math.round(n * alpha));
  let s = seed;
  const init = () => tf.initializers.heNormal({ seed: s++ });
  const model = tf.sequential({ name: 'mobilenet_like' });
  const bnRelu = (name: string) => {
    model.add(tf.layers.batchNormalization({ name: `${name}_bn` }));
    model.add(tf.layers.reLU({ name: `${name}_relu`, maxValue: 6 }));
  };
  model.add(tf.layers.conv2d({ name: 'conv1', inputShape: [inputSize, inputSize, 3], filters: f(32), kernelSize: 3, strides: 2, padding: 'same', useBias: false, kernelInitializer: init() }));
  bnRelu('conv1');
  BLOCKS.forEach(([filters, stride], i) => {
    const b = `block${i + 1}`;
    model.add(tf.layers.depthwiseConv2d({ name: `${b}_dw`, kernelSize: 3, strides: stride, padding: 'same', useBias: false, depthwiseInitializer: init() }));
    bnRelu(`${b}_dw`);
    model.add(tf.layers.conv2d({ name: `${b}_pw`, filters: f(filters), kernelSize: 1, padding: 'same', useBias: false, kernelInitializer: init() }));
    bnRelu(`${b}_pw`);
  });
  model.add(tf.layers.globalAveragePooling2d({ name: 'gap' }));
  model.add(tf.layers.dense({ name: 'classifier', units: classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: s++ }) }));
  return model;
}

export function mobileNetLikeMetadata(o: MobileNetLikeOptions = {}): ModelMetadata {
  const { inputSize, alpha, classes } = { ...MOBILENET_DEFAULTS, ...o };
  return {
    name: `MobileNet-like (alpha ${alpha}, ${inputSize} px, random weights)`,
    labels: Array.from({ length: classes }, (_, i) => `class ${i}`),
    preprocessing: { width: inputSize, height: inputSize, channels: 3, resize: 'stretch', scale: 'minusOneOne' },
    description: 'Benchmark-only model with random weights: its outputs mean nothing, only its cost does.',
  };
}
