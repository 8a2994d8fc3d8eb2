import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { chooseBackend, rankProbes, switchBackend } from './ladder';
import type { BackendProbe } from '../../shared/types';

const probe = (p: Partial<BackendProbe> & Pick<BackendProbe, 'name'>): BackendProbe => ({ available: true, ...p });

describe('rankProbes', () => {
  it('puts the fastest measured backend first', () => {
    const r = rankProbes([probe({ name: 'webgl', steadyMs: 9 }), probe({ name: 'wasm', steadyMs: 3 }), probe({ name: 'cpu', steadyMs: 50 })]);
    expect(r.measured).toBe(true);
    expect(r.order.map((p) => p.name)).toEqual(['wasm', 'webgl', 'cpu']);
  });

  it('never lets a software adapter win by default, however it measured', () => {
    const r = rankProbes([probe({ name: 'webgpu', steadyMs: 1, software: true }), probe({ name: 'cpu', steadyMs: 80 })]);
    expect(r.order.map((p) => p.name)).toEqual(['cpu']);
  });

  it('falls back to whatever started, hardware before software, when nothing was measured', () => {
    const r = rankProbes([probe({ name: 'webgl', software: true }), probe({ name: 'cpu' }), probe({ name: 'wasm', available: false })]);
    expect(r.measured).toBe(false);
    expect(r.order.map((p) => p.name)).toEqual(['cpu', 'webgl']);
  });
});

describe('chooseBackend in Node', () => {
  it('records why the GPU backends are missing and activates the fastest measured backend', async () => {
    const report = await chooseBackend();
    const by = Object.fromEntries(report.probes.map((p) => [p.name, p]));
    expect(by.webgpu.available).toBe(false);
    expect(by.webgpu.reason).toMatch(/navigator\.gpu|WebGPU/);
    expect(by.webgl.available).toBe(false);
    expect(by.webgl.reason).toBeTruthy();
    for (const n of ['wasm', 'cpu']) {
      expect(by[n].available).toBe(true);
      expect(by[n].steadyMs).toBeGreaterThan(0);
    }
    const fastest = by.wasm.steadyMs! <= by.cpu.steadyMs! ? 'wasm' : 'cpu';
    expect(report.active).toBe(fastest);
    expect(report.chosenBy).toBe('measured');
    expect(tf.getBackend()).toBe(report.active);
    expect(tf.memory().numTensors).toBe(0);
  });

  it('switches on request, and stays put with a reason when the requested backend cannot start', async () => {
    const first = await chooseBackend({ candidates: ['wasm', 'cpu'] });
    const other = first.active === 'wasm' ? 'cpu' : 'wasm';
    const switched = await switchBackend(other, first);
    expect(switched.active).toBe(other);
    expect(switched.chosenBy).toBe('user');
    expect(tf.getBackend()).toBe(other);
    const refused = await switchBackend('webgl', switched);
    expect(refused.active).toBe(other);
    expect(refused.probes.find((p) => p.name === 'webgl')?.reason).toBeTruthy();
    expect(tf.getBackend()).toBe(other);
  });
});
