// Routing what is dropped on the Explain page: images to the gallery, a model's files (or its zip) to the
// model loader, both for a mixed drop; against a stand-in engine that records what it was asked.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImageInfo } from '../shared/types';
import type { ModelChange } from '../shared/training';
import { UserError } from '../shared/errors';

const engine = vi.hoisted(() => ({
  addImage: vi.fn<(f: Blob, name: string) => Promise<ImageInfo>>(),
  loadModelFiles: vi.fn<(files: { name: string; path?: string; blob: Blob }[], hint?: string) => Promise<ModelChange>>(),
}));
vi.mock('./controller', () => ({ getEngine: () => engine, refreshExplanation: async () => undefined }));

const { isModelFile, loadDropped, splitDrop } = await import('./intakeController');
const { initialState, useStudio } = await import('./store');

const info = (name: string): ImageInfo => ({ id: `id-${name}`, name, width: 8, height: 8, source: 'user', preview: { width: 1, height: 1, data: new Uint8ClampedArray(4) } });
const file = (name: string, type = '') => ({ file: new File([new Uint8Array([1, 2, 3])], name, { type }), path: name });
const change = (name: string): ModelChange => ({
  model: { name, labels: ['a', 'b'], inputShape: [null, 8, 8, 3], params: 1, layers: [], camLayers: [], defaultCamLayer: null } as unknown as ModelChange['model'],
  methods: [],
  origin: { libraryId: null, warnings: [], metadata: { name, labels: ['a', 'b'] } as unknown as ModelChange['origin']['metadata'], serial: 2 },
  backend: { active: 'wasm', chosenBy: 'measured', probes: [] },
});

describe('splitDrop and isModelFile', () => {
  it('sends model.json, shards (with or without .bin), metadata.json and zips to the model; images and unknown files to the gallery', () => {
    const drop = [
      file('model.json', 'application/json'), file('group1-shard1of1.bin'), file('group1-shard2of2'), file('metadata.json'), file('tm-my-image-model.zip', 'application/zip'),
      file('cat.png', 'image/png'), file('scan.dcm'), file('IM0001'), file('notes.txt', 'text/plain'), file('.DS_Store'),
    ];
    const { images, model } = splitDrop(drop);
    expect(model.map((f) => f.path)).toEqual(['model.json', 'group1-shard1of1.bin', 'group1-shard2of2', 'metadata.json', 'tm-my-image-model.zip']);
    expect(images.map((f) => f.name)).toEqual(['cat.png', 'scan.dcm', 'IM0001', 'notes.txt']);
    // a zip saved without its extension still counts by its type; an extensionless octet-stream may be a DICOM
    expect(isModelFile({ name: 'download', type: 'application/zip' })).toBe(true);
    expect(isModelFile({ name: 'IM0001', type: 'application/octet-stream' })).toBe(false);
    expect(isModelFile({ name: 'weights.h5', type: '' })).toBe(true);
  });
});

describe('loadDropped', () => {
  beforeEach(() => {
    useStudio.setState({ ...initialState, status: 'ready' }, true);
    engine.addImage.mockReset();
    engine.loadModelFiles.mockReset();
    engine.addImage.mockImplementation(async (_f, name) => info(name));
    engine.loadModelFiles.mockImplementation(async () => change('dropped model'));
  });

  it('a mixed drop loads the model from its files and adds the images', async () => {
    await loadDropped([file('model.json'), file('cat.png', 'image/png'), file('group1-shard1of1.bin'), file('metadata.json'), file('dog.jpg', 'image/jpeg')]);
    expect(engine.loadModelFiles).toHaveBeenCalledTimes(1);
    expect(engine.loadModelFiles.mock.calls[0][0].map((f) => f.name)).toEqual(['model.json', 'group1-shard1of1.bin', 'metadata.json']);
    expect(engine.addImage.mock.calls.map((c) => c[1])).toEqual(['cat.png', 'dog.jpg']);
    const s = useStudio.getState();
    expect(s.images.map((i) => i.name)).toEqual(['cat.png', 'dog.jpg']);
    expect(s.model?.name).toBe('dropped model');
    expect(s.notices.map((n) => n.title)).toEqual(['Loaded "dropped model"']);
  });

  it('a zip alone goes to the model loader (the worker unpacks it), no image is attempted', async () => {
    await loadDropped([file('tm-my-image-model.zip', 'application/zip')]);
    expect(engine.loadModelFiles.mock.calls[0][0].map((f) => f.name)).toEqual(['tm-my-image-model.zip']);
    expect(engine.addImage).not.toHaveBeenCalled();
  });

  it('a bad zip is refused with its own message; the images of the same drop still load', async () => {
    engine.loadModelFiles.mockRejectedValue(new UserError('"broken.zip" could not be unzipped', 'It is not a readable zip file.', 'Download it again.'));
    await loadDropped([file('broken.zip'), file('cat.png', 'image/png')]);
    const s = useStudio.getState();
    expect(s.images.map((i) => i.name)).toEqual(['cat.png']);
    expect(s.notices.map((n) => [n.kind, n.title])).toEqual([['error', '"broken.zip" could not be unzipped']]);
    expect(s.model).toBeNull();
  });

  it('images alone never touch the model', async () => {
    await loadDropped([file('cat.png', 'image/png')]);
    expect(engine.loadModelFiles).not.toHaveBeenCalled();
    expect(useStudio.getState().images).toHaveLength(1);
  });
});
