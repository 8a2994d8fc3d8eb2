// When the threaded wasm build may be tried, and when its measurement wins. The browser measurement itself
// is `npm run bench -- --wasm-threads` (a benchmark, not a test).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { chooseWasmBuild, preferThreaded, wasmThreadsAllowed } from './wasmThreads';
import { useBackend } from '../testing/node';
import { setLanguage } from '../../shared/i18n';

const isolated = { crossOriginIsolated: true, location: { protocol: 'http:', origin: 'http://127.0.0.1:5173' }, SharedArrayBuffer: class {} };

describe('threaded wasm', () => {
  it('is tried only in a cross-origin isolated http(s) scope with SharedArrayBuffer, never from a file or in Node', () => {
    expect(wasmThreadsAllowed(isolated).allowed).toBe(true);
    // A blob worker made by the one-file build's page on file:// has origin 'null' (and is never isolated).
    expect(wasmThreadsAllowed({ ...isolated, location: { protocol: 'blob:', origin: 'null' } })).toMatchObject({ allowed: false, reason: expect.stringMatching(/file/) });
    expect(wasmThreadsAllowed({ ...isolated, location: { protocol: 'file:', origin: 'null' } }).allowed).toBe(false);
    expect(wasmThreadsAllowed({ ...isolated, crossOriginIsolated: false })).toMatchObject({ allowed: false, reason: expect.stringMatching(/COOP\/COEP/) });
    expect(wasmThreadsAllowed({ ...isolated, SharedArrayBuffer: undefined }).allowed).toBe(false);
    expect(wasmThreadsAllowed({ ...isolated, process: { versions: { node: '20' } } }).allowed).toBe(false);
    // This test runs in Node.
    expect(wasmThreadsAllowed()).toMatchObject({ allowed: false, reason: expect.stringMatching(/Node/) });
  });

  it('says why in the studio’s language (the engine is started in the page’s)', () => {
    setLanguage('zh');
    try {
      expect(wasmThreadsAllowed({ ...isolated, crossOriginIsolated: false }).reason).toMatch(/跨源隔离.*COOP\/COEP/);
      expect(wasmThreadsAllowed({ ...isolated, location: { protocol: 'file:', origin: 'null' } }).reason).toMatch(/从文件/);
    } finally {
      setLanguage('en');
    }
  });

  it('keeps threads only when they are at least 10% faster', () => {
    expect(preferThreaded(10, 8.9)).toBe(true);
    expect(preferThreaded(10, 9)).toBe(true);
    expect(preferThreaded(10, 9.5)).toBe(false);
    expect(preferThreaded(10, 12)).toBe(false);
    expect(preferThreaded(undefined, 1)).toBe(false);
    expect(preferThreaded(10, undefined)).toBe(false);
    expect(preferThreaded(10, NaN)).toBe(false);
  });

  it('in Node leaves the plain build registered and active, without measuring', async () => {
    await useBackend('wasm');
    let measured = 0;
    const r = await chooseWasmBuild(3, async () => ({ steadyMs: (measured++, 1) }), async () => ({ ok: true }));
    expect(r).toMatchObject({ variant: 'simd', plainMs: 3 });
    expect(measured).toBe(0);
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')).toBe(false);
  });
});
