import { describe, expect, it } from 'vitest';
import { setLanguage } from '../shared/i18n';
import {
  addClass,
  addImagesToClass,
  addPending,
  appendProgress,
  cellImages,
  classByName,
  formatDuration,
  formatPercent,
  looksLikeImage,
  nextClassName,
  planFolderImport,
  removeClass,
  renameClass,
  type TrainCurve,
} from './trainingSlice';
import type { TrainingImageInfo, TrainingProgress, ValidationItem } from '../shared/training';

const img = (id: string, classId: string): TrainingImageInfo => ({ id, classId, name: id, width: 1, height: 1, thumb: { width: 1, height: 1, data: new Uint8ClampedArray(4) } });

describe('class buckets', () => {
  it('adds classes with fresh ids and the first free default name, renames and removes them', () => {
    let cs = addClass([]);
    cs = addClass(cs);
    expect(cs.map((c) => [c.id, c.name])).toEqual([['c1', 'Class 1'], ['c2', 'Class 2']]);
    cs = renameClass(cs, 'c1', 'Class 3');
    cs = addClass(cs);
    // "Class 3" is taken, so the third class is "Class 4"; ids never repeat.
    expect(cs.map((c) => [c.id, c.name])).toEqual([['c1', 'Class 3'], ['c2', 'Class 2'], ['c3', 'Class 4']]);
    cs = removeClass(cs, 'c3');
    expect(addClass(cs).at(-1)?.id).toBe('c3');
    expect(nextClassName([{ name: 'class 1' }])).toBe('Class 2');
    expect(classByName(cs, '  class 3 ')?.id).toBe('c1');
  });

  it('adds images to one class and counts pending decodes without going below zero', () => {
    let cs = addClass(addClass([]));
    cs = addImagesToClass(cs, 'c2', [img('t1', 'c2'), img('t2', 'c2')]);
    expect(cs.map((c) => c.images.length)).toEqual([0, 2]);
    cs = addPending(cs, 'c1', 3);
    cs = addPending(cs, 'c1', -5);
    expect(cs[0].pending).toBe(0);
  });
});

describe('folders to classes', () => {
  it('takes the sub-folders of one dropped folder as the classes, leaving loose files out', () => {
    const plan = planFolderImport(['pets/cats/a.png', 'pets/dogs/b.png', 'pets/cats/deep/c.png', 'pets/readme.png']);
    expect(plan.classes).toEqual([{ name: 'cats', indices: [0, 2] }, { name: 'dogs', indices: [1] }]);
    expect(plan.loose).toEqual([3]);
  });

  it('takes several dropped folders as classes', () => {
    expect(planFolderImport(['cats/a.png', 'dogs/b.png']).classes.map((c) => c.name)).toEqual(['cats', 'dogs']);
  });

  it('makes one folder without sub-folders one class, and finds no classes in loose files', () => {
    expect(planFolderImport(['tumours/a.png', 'tumours/b.png'])).toEqual({ classes: [{ name: 'tumours', indices: [0, 1] }], loose: [] });
    expect(planFolderImport(['a.png', 'b.png'])).toEqual({ classes: [], loose: [0, 1] });
    expect(planFolderImport([])).toEqual({ classes: [], loose: [] });
  });

  it('recognises images by type or name', () => {
    expect(looksLikeImage({ name: 'x.JPG', type: '' })).toBe(true);
    expect(looksLikeImage({ name: 'scan', type: 'image/png' })).toBe(true);
    expect(looksLikeImage({ name: '.DS_Store', type: '' })).toBe(false);
    expect(looksLikeImage({ name: 'notes.txt', type: 'text/plain' })).toBe(false);
  });
});

describe('training curves', () => {
  const p = (o: Partial<TrainingProgress>): TrainingProgress => ({
    phase: 'batch', epoch: 1, epochs: 2, batch: 1, batches: 4, loss: 1, acc: 0.5, valLoss: null, valAcc: null, imagesPerSec: 10, etaMs: 0, elapsedMs: 0, ...o,
  });

  it('puts batches on the training curve and validation passes on the validation curve, in epochs', () => {
    let c: TrainCurve = { train: [], val: [] };
    c = appendProgress(c, p({ batch: 2 }));
    c = appendProgress(c, p({ epoch: 2, batch: 1, loss: 0.5, acc: 0.8 }));
    c = appendProgress(c, p({ phase: 'epoch', epoch: 2, batch: 4, valLoss: 0.4, valAcc: 0.9 }));
    expect(c.train).toEqual([{ x: 0.5, loss: 1, acc: 0.5 }, { x: 1.25, loss: 0.5, acc: 0.8 }]);
    expect(c.val).toEqual([{ x: 2, loss: 0.4, acc: 0.9 }]);
  });

  it('skips points that cannot be drawn (a diverged loss, an epoch without validation)', () => {
    const c: TrainCurve = { train: [], val: [] };
    expect(appendProgress(c, p({ loss: NaN }))).toBe(c);
    expect(appendProgress(c, p({ phase: 'epoch' }))).toBe(c);
    // the wrap-up report repeats the last epoch's: no second point
    const epoch = p({ phase: 'epoch', epoch: 2, batch: 4, valLoss: 0.4, valAcc: 0.9 });
    const once = appendProgress(c, epoch);
    expect(appendProgress(once, { ...epoch, phase: 'wrapup', etaMs: 0 })).toBe(once);
  });
});

describe('results', () => {
  it('lists the validation images of one confusion-matrix cell', () => {
    const v = (id: string, trueLabel: number, predicted: number): ValidationItem => ({ image: { id, name: id, width: 1, height: 1, source: 'user', preview: { width: 1, height: 1, data: new Uint8ClampedArray(4) } }, trueLabel, predicted });
    const outcome = { validation: [v('a', 0, 0), v('b', 0, 1), v('c', 1, 1), v('d', 0, 1)] };
    expect(cellImages(outcome, 0, 1).map((x) => x.image.id)).toEqual(['b', 'd']);
    expect(cellImages(outcome, 1, 0)).toEqual([]);
  });

  it('formats durations and percentages for people', () => {
    expect(formatDuration(400)).toBe('0.4 s');
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(65_000)).toBe('1 min 5 s');
    expect(formatDuration(3_725_000)).toBe('1 h 2 min');
    expect(formatDuration(NaN)).toBe('–');
    setLanguage('zh');
    try {
      expect(formatDuration(400)).toBe('0.4 秒');
      expect(formatDuration(65_000)).toBe('1 分 5 秒');
      expect(formatDuration(3_725_000)).toBe('1 小时 2 分');
    } finally {
      setLanguage('en');
    }
    expect(formatPercent(0.9512)).toBe('95.1%');
    expect(formatPercent(null)).toBe('–');
  });
});
