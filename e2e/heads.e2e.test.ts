// Journey: someone loads the sigmoid models people have. A multi-label model (two sigmoid units) shows the
// probabilities the model computes, each on its own, and says they are independent; a binary classifier with
// one sigmoid unit shows "negative"/"positive" as 1 - p and p, with no such note. Values by hand: the conv
// kernel and bias are 0, so every image reaches the Dense layer as 0 and its logits are its biases:
// sigmoid(3) = 95.3%, sigmoid(2) = 88.1%; sigmoid(1) = 73.1%, 1 - sigmoid(1) = 26.9%.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { Browser } from 'playwright-core';
import path from 'node:path';
import fs from 'node:fs';
import { ARTIFACTS, launch, openStudio, serveDist, waitReady, type Served, type Watched, expectStayedLocal } from './harness';
import { saveLayersModelToFiles } from '../src/core/model/io';

let server: Served;
let browser: Browser;
let w: Watched;

beforeAll(async () => {
  await tf.setBackend('cpu');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  server = await serveDist();
  browser = await launch();
  w = await openStudio(browser, server.url);
  await waitReady(w.page);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** 64x64x3 → Conv2D(1, 1x1, kernel 0, bias 0, relu) → GAP → Dense(biases.length, sigmoid, kernel 0, bias `biases`). */
async function constantSigmoidModel(biases: number[]): Promise<{ name: string; buffer: Buffer; mimeType: string }[]> {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [64, 64, 3], filters: 1, kernelSize: 1, activation: 'relu', kernelInitializer: 'zeros' }),
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: biases.length, activation: 'sigmoid', kernelInitializer: 'zeros', biasInitializer: tf.initializers.constant({ value: 0 }) }),
    ],
  });
  const bias = tf.tensor1d(biases);
  model.layers[2].setWeights([model.layers[2].getWeights()[0], bias]);
  bias.dispose();
  const s = await saveLayersModelToFiles(model);
  model.dispose();
  return [
    { name: 'model.json', buffer: Buffer.from(JSON.stringify(s.modelJson)), mimeType: 'application/json' },
    { name: s.shardName, buffer: Buffer.from(s.weights), mimeType: 'application/octet-stream' },
  ];
}

const page = () => w.page;

async function loadAndShowPrediction(files: { name: string; buffer: Buffer; mimeType: string }[]): Promise<string[]> {
  await page().click('[data-testid="view-models"]');
  await page().locator('[data-testid="model-file-input"]').setInputFiles(files);
  await page().click('[data-testid="view-explain"]');
  await page().locator('[data-testid="thumb"]').first().click();
  const values = page().locator('[data-testid="prob-chart"] text.value');
  await expect.poll(() => values.count(), { timeout: 90_000 }).toBe(2);
  return (await page().locator('[data-testid="prob-chart"] g.row').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-class')} ${r.querySelector('text.value')?.textContent}`)));
}

describe('sigmoid heads in the studio', () => {
  it('multi-label: independent probabilities, and the studio says so', async () => {
    const rows = await loadAndShowPrediction(await constantSigmoidModel([3, 2]));
    expect(rows.sort()).toEqual(['class 0 95.3%', 'class 1 88.1%']);
    expect(await page().locator('[data-testid="independent-note"]').textContent()).toMatch(/independent and need not add up to 100%/);
    await page().locator('aside.side').screenshot({ path: path.join(ARTIFACTS, 'sigmoid-multilabel.png') });
  });

  it('one sigmoid unit: negative and positive as 1 - p and p, without the note', async () => {
    await loadAndShowPrediction(await constantSigmoidModel([1]));
    // The previous model also had two classes: wait for this one's labels.
    await expect.poll(async () => (await page().locator('[data-testid="prob-chart"] g.row').evaluateAll((r) => r.map((x) => `${x.getAttribute('data-class')} ${x.querySelector('text.value')?.textContent}`))).sort()).toEqual(['negative 26.9%', 'positive 73.1%']);
    expect(await page().locator('[data-testid="independent-note"]').count()).toBe(0);
  });

  it('stays local', async () => {
    await expectStayedLocal(w);
  });
});
