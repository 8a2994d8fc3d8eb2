import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MODEL_DIR, loadDemoModel, useBackend } from '../core/testing/node';
import { modelWeightsSha256, sha256Hex } from './weightsHash';

describe('sha256Hex', () => {
  it('matches the FIPS 180-4 test vector for "abc" and node:crypto on random bytes', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const bytes = new Uint8Array(10_007);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    expect(await sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
    // A view into a bigger buffer hashes only its own bytes.
    const sub = bytes.subarray(100, 200);
    expect(await sha256Hex(sub)).toBe(createHash('sha256').update(Buffer.from(bytes.buffer, 100, 100)).digest('hex'));
  });
});

describe('modelWeightsSha256', () => {
  beforeAll(() => useBackend('cpu'));

  it('is the SHA-256 of the demo model’s weight shard on disk, and leaks no tensor', async () => {
    const m = await loadDemoModel();
    const before = tf.memory().numTensors;
    const h = await modelWeightsSha256(m.model);
    expect(tf.memory().numTensors).toBe(before);
    const bin = fs.readFileSync(path.join(DEMO_MODEL_DIR, 'group1-shard1of1.bin'));
    expect(h.bytes).toBe(bin.byteLength);
    expect(h.sha256).toBe(createHash('sha256').update(bin).digest('hex'));
    m.dispose();
  });
});
