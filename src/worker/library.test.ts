import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { DEMO_MODEL_DIR, loadDemoModel, useBackend } from '../core/testing/node';
import { ModelShelf, type GivenFile } from './library';
import { ModelLibrary } from './modelStore';
import { testHost, userErrorOf } from './testHost';

const demo = (name: string) => fs.readFileSync(path.join(DEMO_MODEL_DIR, name));
const given = (name: string, bytes: Uint8Array | string): GivenFile => ({ name, blob: new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]) });

describe('ModelShelf with model files (cpu backend)', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('refuses broken files with the validator\'s message and leaves the active model and tensors alone', async () => {
    const host = testHost(await loadDemoModel());
    const shelf = new ModelShelf(host);
    const active = host.model;
    const before = tf.memory().numTensors;
    const bin = demo('group1-shard1of1.bin');
    const cases: [GivenFile[], string][] = [
      [[given('model.json', '{"modelTopology": ')], 'model.json is not valid JSON'],
      [[given('model.json', demo('model.json'))], 'Weight file "group1-shard1of1.bin" is missing'],
      [[given('model.json', demo('model.json')), given('group1-shard1of1.bin', bin.subarray(0, 64))], 'Weight file "group1-shard1of1.bin" has the wrong size'],
      [[given('model.json', demo('model.json')), given('group1-shard1of1.bin', bin), given('metadata.json', '{"labels": ["only one"], "preprocessing": {"width": 64, "height": 64, "channels": 3, "resize": "stretch", "scale": "zeroOne"}}')], 'metadata.json lists 1 labels, but the model has 3 outputs'],
      [[given('weights.bin', bin)], 'model.json is missing'],
    ];
    for (const [files, title] of cases) expect((await userErrorOf(shelf.loadFiles(files))).title).toBe(title);
    expect(host.adopted).toBe(0);
    expect(host.model).toBe(active);
    expect(tf.memory().numTensors).toBe(before);
    host.model?.dispose();
  });

  it('loads a model without metadata with guessed labels to review, exports it, and loads the export back', async () => {
    const host = testHost(await loadDemoModel());
    const shelf = new ModelShelf(host);
    const change = await shelf.loadFiles([given('model.json', demo('model.json')), given('group1-shard1of1.bin', demo('group1-shard1of1.bin'))], 'my folder');
    expect(change.origin.metadata).toMatchObject({ name: 'my folder', labels: ['class 0', 'class 1', 'class 2'], needsReview: true });
    expect(change.origin.warnings.join(' ')).toMatch(/No metadata\.json/);
    const fixed = await shelf.updateCurrent({ labels: ['normal', 'lesion', 'cyst'], camLayer: 'conv2' });
    expect(fixed.entries).toBeNull();
    expect(fixed.change.model.labels).toEqual(['normal', 'lesion', 'cyst']);
    expect(fixed.change.model.defaultCamLayer).toBe('conv2');
    expect(fixed.change.origin.warnings).toEqual([]);

    const files = await shelf.exportFiles(null);
    expect(files.map((f) => f.name)).toEqual(['model.json', 'group1-shard1of1.bin', 'metadata.json']);
    const before = tf.memory().numTensors;
    const again = await shelf.loadFiles(files.map((f) => given(f.name, new Uint8Array(f.bytes))));
    expect(again.origin.metadata).toMatchObject({ name: 'my folder', labels: ['normal', 'lesion', 'cyst'], camLayer: 'conv2' });
    expect(again.origin.metadata.needsReview).toBeUndefined();
    expect(again.model.defaultCamLayer).toBe('conv2');
    // The previous model was freed: as many tensors as before.
    expect(tf.memory().numTensors).toBe(before);
    // Same weights, same predictions as the shipped demo model.
    const x = tf.randomUniform([2, 64, 64, 3], 0, 1, 'float32', 7);
    const demoModel = await loadDemoModel();
    const a = tf.tidy(() => Array.from((demoModel.model.predict(x) as tf.Tensor).dataSync()));
    const b = tf.tidy(() => Array.from((host.model!.model.predict(x) as tf.Tensor).dataSync()));
    expect(b).toEqual(a);
    x.dispose();
    demoModel.dispose();
    host.model?.dispose();
  });

  it('says so when the browser has no IndexedDB', async () => {
    expect((await userErrorOf(new ModelLibrary().list())).title).toBe('The model library is not available here');
  });
});
