import { describe, expect, it } from 'vitest';
import type { ModelMetadata } from '../../shared/types';
import { applyMetadataPatch } from './patch';

const META: ModelMetadata = {
  name: 'm',
  labels: ['a', 'b', 'c'],
  preprocessing: { width: 64, height: 64, channels: 3, resize: 'stretch', scale: 'zeroOne' },
  needsReview: true,
};
const SHAPE = { inputShape: [-1, 64, 64, 3], classes: 3, camLayers: ['conv1', 'conv3'] };

describe('corrections to labels and preprocessing', () => {
  const patch = (p: Parameters<typeof applyMetadataPatch>[1], shape = SHAPE) => applyMetadataPatch(META, p, shape);

  it('applies labels and preprocessing, and clears needsReview', () => {
    const r = patch({ labels: [' cat', 'dog', 'bird '], preprocessing: { scale: 'minusOneOne', resize: 'centerCrop', grayscale: true } });
    expect(r.ok && r.meta).toMatchObject({ labels: ['cat', 'dog', 'bird'], preprocessing: { scale: 'minusOneOne', resize: 'centerCrop', grayscale: true, width: 64 } });
    expect(r.ok && r.meta.needsReview).toBeUndefined();
  });

  it('sets and clears the BGR channel order, and refuses an order that is neither', () => {
    const r = patch({ preprocessing: { channelOrder: 'bgr' } });
    expect(r.ok && r.meta.preprocessing.channelOrder).toBe('bgr');
    const back = r.ok ? applyMetadataPatch(r.meta, { preprocessing: { channelOrder: 'rgb' } }, SHAPE) : r;
    expect(back.ok && 'channelOrder' in back.meta.preprocessing).toBe(false);
    expect(patch({ preprocessing: { channelOrder: 'grb' as never } })).toMatchObject({ ok: false, error: { title: 'Unknown channel order' } });
  });

  it('refuses labels that do not fit the outputs', () => {
    expect(patch({ labels: ['a', 'b'] })).toMatchObject({ ok: false, error: { title: 'The model has 3 classes, not 2' } });
    expect(patch({ labels: ['a', '', 'c'] })).toMatchObject({ ok: false, error: { title: 'Label 2 is empty' } });
    expect(patch({ labels: ['a', 'B', 'b'] })).toMatchObject({ ok: false, error: { title: 'Two classes are called "b"' } });
  });

  it('refuses an input size or channel count the model fixes, and allows any size when it does not', () => {
    expect(patch({ preprocessing: { width: 128, height: 128 } })).toMatchObject({ ok: false, error: { title: 'This model takes 64 x 64 pixel images' } });
    expect(patch({ preprocessing: { channels: 1 } })).toMatchObject({ ok: false, error: { title: 'This model takes 3-channel images' } });
    const free = patch({ preprocessing: { width: 128, height: 96 } }, { ...SHAPE, inputShape: [-1, -1, -1, 3] });
    expect(free.ok && free.meta.preprocessing).toMatchObject({ width: 128, height: 96 });
  });

  it('needs a positive std for mean/std scaling', () => {
    expect(patch({ preprocessing: { scale: 'meanStd' } })).toMatchObject({ ok: false, error: { title: 'Mean/std scaling needs a mean and a std for each channel' } });
    expect(patch({ preprocessing: { scale: 'meanStd', mean: [0.5, 0.5, 0.5], std: [0.2, 0, 0.2] } })).toMatchObject({ ok: false, error: { title: 'Every std must be greater than 0' } });
    expect(patch({ preprocessing: { scale: 'meanStd', mean: [0.5, 0.5, 0.5], std: [0.2, 0.2, 0.2] } }).ok).toBe(true);
  });

  it('chooses a CAM layer among the spatial ones, or goes back to the automatic choice', () => {
    const r = patch({ camLayer: 'conv1' });
    expect(r.ok && r.meta.camLayer).toBe('conv1');
    expect(r.ok && r.meta.needsReview).toBe(true);
    expect(patch({ camLayer: 'dense' })).toMatchObject({ ok: false, error: { title: 'Layer "dense" cannot be used for CAM' } });
    const back = applyMetadataPatch({ ...META, camLayer: 'conv1' }, { camLayer: null }, SHAPE);
    expect(back.ok && 'camLayer' in back.meta).toBe(false);
  });
});

