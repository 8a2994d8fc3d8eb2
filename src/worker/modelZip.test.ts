import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { zipSync, strToU8 } from 'fflate';
import { DEMO_MODEL_DIR, loadDemoModel, useBackend } from '../core/testing/node';
import { ModelShelf, type GivenFile } from './library';
import { testHost, userErrorOf } from './testHost';

const demo = (name: string) => new Uint8Array(fs.readFileSync(path.join(DEMO_MODEL_DIR, name)));
const DEMO_FILES = ['model.json', 'group1-shard1of1.bin', 'metadata.json'];
const given = (name: string, bytes: Uint8Array): GivenFile => ({ name, blob: new Blob([bytes.slice()]) });

describe('ModelShelf.loadFiles with a model zip (cpu backend)', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('loads the demo model from a Teachable-Machine-style zip and predicts as the shipped demo model', async () => {
    const reference = await loadDemoModel();
    const host = testHost(await loadDemoModel());
    const shelf = new ModelShelf(host);
    const zip = zipSync(Object.fromEntries(DEMO_FILES.map((n) => [n, demo(n)])));
    const change = await shelf.loadFiles([given('tm-my-image-model.zip', zip)]);
    expect(host.adopted).toBe(1);
    expect(change.model.labels).toEqual(JSON.parse(fs.readFileSync(path.join(DEMO_MODEL_DIR, 'metadata.json'), 'utf8')).labels);
    const x = tf.randomUniform([2, 64, 64, 3], 0, 1, 'float32', 3);
    const a = reference.model.predict(x) as tf.Tensor;
    const b = host.model!.model.predict(x) as tf.Tensor;
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([x, a, b]);
    // a zip with no name ending .zip (a download saved as "download") is recognised by its bytes
    const again = await shelf.loadFiles([given('download', zip)]);
    expect(again.model.labels).toEqual(change.model.labels);
    reference.dispose();
    host.model?.dispose();
  });

  it('refuses bad zips naming the file, and leaves the active model and tensors alone', async () => {
    const host = testHost(await loadDemoModel());
    const shelf = new ModelShelf(host);
    const active = host.model;
    const before = tf.memory().numTensors;
    const cases: [GivenFile, string][] = [
      [given('broken.zip', strToU8('PK\x03\x04 not a zip')), '"\u2068broken.zip\u2069" could not be unzipped'],
      [given('photos.zip', zipSync({ 'a.png': strToU8('x') })), '"\u2068photos.zip\u2069" holds no model.json'],
      // model.json zipped without its weights: the ordinary check names the missing shard
      [given('half.zip', zipSync({ 'model.json': demo('model.json') })), 'Weight file "group1-shard1of1.bin" is missing'],
    ];
    for (const [file, title] of cases) expect((await userErrorOf(shelf.loadFiles([file]))).title).toBe(title);
    expect(host.adopted).toBe(0);
    expect(host.model).toBe(active);
    expect(tf.memory().numTensors).toBe(before);
    host.model?.dispose();
  });
});
