import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { MAX_UNZIPPED_BYTES, looksLikeZip, unzipModelFiles } from './zip';
import { UserError } from '../../shared/errors';
import { DEMO_MODEL_DIR } from '../testing/node';

const FSI = '\u2068';
const PDI = '\u2069';
const demo = (name: string) => new Uint8Array(fs.readFileSync(path.join(DEMO_MODEL_DIR, name)));
const DEMO_FILES = ['model.json', 'group1-shard1of1.bin', 'metadata.json'];

function refusal(f: () => unknown): UserError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected a refusal');
}

/** Offsets of the central directory's entries (signature PK\x01\x02), to edit what they declare. */
function centralEntries(zip: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i + 4 <= zip.length; i++) if (zip[i] === 0x50 && zip[i + 1] === 0x4b && zip[i + 2] === 1 && zip[i + 3] === 2) out.push(i);
  return out;
}

describe('unzipModelFiles', () => {
  it('gives back the demo model\'s files byte for byte, at the root or in a folder, deflated or stored', () => {
    for (const level of [0, 6] as const) {
      const flat = zipSync(Object.fromEntries(DEMO_FILES.map((n) => [n, demo(n)])), { level });
      const files = unzipModelFiles(flat, 'tm-my-image-model.zip');
      expect(files.map((f) => f.name).sort()).toEqual([...DEMO_FILES].sort());
      for (const f of files) expect(Buffer.from(f.bytes).equals(Buffer.from(demo(f.name)))).toBe(true);
    }
    const nested = zipSync({ 'my model/': {}, 'my model/model.json': demo('model.json'), 'my model/group1-shard1of1.bin': demo('group1-shard1of1.bin'), '__MACOSX/my model/._model.json': strToU8('junk'), 'my model/.DS_Store': strToU8('x') });
    const files = unzipModelFiles(nested, 'm.zip');
    expect(files.map((f) => [f.name, f.path])).toEqual([['model.json', 'my model/model.json'], ['group1-shard1of1.bin', 'my model/group1-shard1of1.bin']]);
  });

  it('refuses a corrupt or cut zip, naming the file', () => {
    const good = zipSync({ 'model.json': demo('model.json') });
    for (const bytes of [good.subarray(0, good.length - 30), strToU8('PK\x03\x04 this is not really a zip'), new Uint8Array(0)]) {
      const e = refusal(() => unzipModelFiles(bytes, 'broken.zip'));
      expect(e.title).toBe(`"${FSI}broken.zip${PDI}" could not be unzipped`);
      expect(e.detail).toMatch(/not a readable zip file/);
    }
    // the entry's compressed data damaged: inflating fails
    const damaged = zipSync({ 'model.json': demo('model.json') }, { level: 9 });
    damaged.fill(0xff, 40, 80);
    expect(refusal(() => unzipModelFiles(damaged, 'broken.zip')).title).toBe(`"${FSI}broken.zip${PDI}" could not be unzipped`);
  });

  it('refuses a zip without model.json and lists what is inside', () => {
    const e = refusal(() => unzipModelFiles(zipSync({ 'cat.png': strToU8('x'), 'notes/readme.txt': strToU8('y') }), 'photos.zip'));
    expect(e.title).toBe(`"${FSI}photos.zip${PDI}" holds no model.json`);
    expect(e.detail).toContain('Inside it: "cat.png", "notes/readme.txt".');
  });

  it('refuses a zip bomb before inflating: declared sizes over the cap, real or claimed', () => {
    // real: 3 MB of zeros deflate to a few KB; with a 2 MB cap it is refused
    const zeros = zipSync({ 'model.json': strToU8('{}'), 'weights.bin': new Uint8Array(3 * 1024 * 1024) }, { level: 9 });
    expect(zeros.length).toBeLessThan(50_000);
    const e = refusal(() => unzipModelFiles(zeros, 'bomb.zip', { maxBytes: 2 * 1024 * 1024 }));
    expect(e.title).toBe(`"${FSI}bomb.zip${PDI}" is too large to unpack`);
    expect(e.detail).toContain('more than 2.0 MB unpacked (at least 3.0 MB)');
    // claimed: a small zip whose central directory says 4 GB; refused with the default 256 MB cap, nothing allocated
    const small = zipSync({ 'model.json': demo('model.json') });
    const [entry] = centralEntries(small);
    new DataView(small.buffer, small.byteOffset).setUint32(entry + 24, 0xffffff00, true); // uncompressed size
    const e2 = refusal(() => unzipModelFiles(small, 'claims.zip'));
    expect(e2.title).toBe(`"${FSI}claims.zip${PDI}" is too large to unpack`);
    expect(e2.detail).toContain(`up to ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB`);
    // many entries
    const many = zipSync(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}.bin`, strToU8('x')])));
    expect(refusal(() => unzipModelFiles(many, 'many.zip', { maxEntries: 20 })).title).toBe(`"${FSI}many.zip${PDI}" holds too many files`);
  });

  it('looksLikeZip: by name, or by the first bytes', () => {
    expect(looksLikeZip('m.ZIP')).toBe(true);
    expect(looksLikeZip('download', zipSync({ a: strToU8('b') }).subarray(0, 4))).toBe(true);
    expect(looksLikeZip('empty', zipSync({}).subarray(0, 4))).toBe(true);
    expect(looksLikeZip('model.json', strToU8('{"a"'))).toBe(false);
  });
});
