// Small models built in code for tests, shaped like the models people bring.
import * as tf from '@tensorflow/tfjs';

/** Shaped like a Teachable Machine image model: Sequential[ Sequential[ functional "mobilenet" ], Sequential[ dense head ] ]. */
export function teachableLike(): tf.LayersModel {
  const inp = tf.input({ shape: [32, 32, 3] });
  const c1 = tf.layers.conv2d({ name: 'Conv1', filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }).apply(inp) as tf.SymbolicTensor;
  const c2 = tf.layers.conv2d({ name: 'Conv2', filters: 8, kernelSize: 3, padding: 'same', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }).apply(c1) as tf.SymbolicTensor;
  const add = tf.layers.add({ name: 'skip' }).apply([c1, c2]) as tf.SymbolicTensor; // a skip connection around the CAM layer
  const relu = tf.layers.reLU({ name: 'out_relu' }).apply(add) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(relu) as tf.SymbolicTensor;
  const mobilenet = tf.model({ inputs: inp, outputs: pooled, name: 'mobilenet' });
  const body = tf.sequential({ name: 'sequential_1', layers: [mobilenet] });
  const head = tf.sequential({
    name: 'sequential_3',
    layers: [
      tf.layers.dense({ inputShape: [8], units: 6, activation: 'relu', name: 'dense_Dense1', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
      tf.layers.dense({ units: 3, activation: 'softmax', name: 'dense_Dense2', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }),
    ],
  });
  return tf.sequential({ name: 'sequential_4', layers: [body, head] });
}
