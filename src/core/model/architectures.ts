// Small CNNs built in code. The demo model and the training panel use `smallCnn`.

import * as tf from '@tensorflow/tfjs';

export interface SmallCnnOptions {
  inputSize: number;
  channels?: 1 | 3;
  classes: number;
  /** Filters of the first conv block; each following block doubles it. */
  width?: number;
  /** Number of conv blocks (each 3x3 conv + ReLU, all but the last followed by 2x2 max-pooling). */
  depth?: number;
  seed?: number;
  /** How the last conv block is pooled to one vector: average (default) or max. */
  pooling?: 'avg' | 'max';
}

/**
 * conv(w) → pool → conv(2w) → pool → conv(4w) → global average pooling → dense(softmax).
 * The last conv block keeps a spatial size of inputSize / 2^(depth-1) (16x16 at 64 px input), which is
 * what Grad-CAM and friends upsample: a coarser map would localise worse.
 */
export function smallCnn(o: SmallCnnOptions): tf.Sequential {
  const width = o.width ?? 16;
  const depth = o.depth ?? 3;
  const channels = o.channels ?? 3;
  const seed = o.seed ?? 1;
  const model = tf.sequential({ name: 'small_cnn' });
  for (let i = 0; i < depth; i++) {
    model.add(
      tf.layers.conv2d({
        name: `conv${i + 1}`,
        filters: width * 2 ** i,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: tf.initializers.heNormal({ seed: seed + i }),
        ...(i === 0 ? { inputShape: [o.inputSize, o.inputSize, channels] } : {}),
      }),
    );
    if (i < depth - 1) model.add(tf.layers.maxPooling2d({ name: `pool${i + 1}`, poolSize: 2, strides: 2 }));
  }
  model.add(o.pooling === 'max' ? tf.layers.globalMaxPooling2d({ name: 'gmp' }) : tf.layers.globalAveragePooling2d({ name: 'gap' }));
  model.add(
    tf.layers.dense({
      name: 'classifier',
      units: o.classes,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 100 }),
    }),
  );
  return model;
}
