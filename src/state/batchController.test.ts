// The batch controller over a scripted engine (getEngine mocked): which items it sends, rows into the
// store as they come, Stop then Resume with only the images left (same method and options), no Resume
// after a model change, an engine failure keeps the rows, clearBatch drops them and ignores late rows.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BatchItem, BatchOutcome, BatchRequest, BatchRow } from '../shared/batch';
import type { ImageInfo, MethodDescriptor, ModelSummary } from '../shared/types';

interface Call {
  req: BatchRequest;
  onRow: (r: BatchRow) => void;
  end: (o: BatchOutcome | Error) => void;
}
const calls: Call[] = [];
const stopped: string[] = [];
const fakeEngine = {
  runBatch: (req: BatchRequest, onRow: (r: BatchRow) => void) =>
    new Promise<BatchOutcome>((resolve, reject) => calls.push({ req, onRow, end: (o) => (o instanceof Error ? reject(o) : resolve(o)) })),
  stopBatch: async (id: string) => void stopped.push(id),
};
vi.mock('./controller', () => ({ getEngine: () => fakeEngine }));

const { useStudio, initialState } = await import('./store');
const { canResume, clearBatch, fileItems, resumeBatch, startBatch, stopBatch } = await import('./batchController');

const img = (id: string, trueLabel?: string): ImageInfo => ({ id, name: `${id}.png`, width: 8, height: 8, preview: { width: 1, height: 1, data: new Uint8ClampedArray(4) }, source: 'demo', trueLabel });
const row = (item: BatchItem): BatchRow => ({ key: item.key, name: item.name, status: 'done', labels: ['a', 'b'], probabilities: [0.2, 0.8], top: 1, ms: 1 });
const model = (name: string) => ({ name, labels: ['a', 'b'] }) as unknown as ModelSummary;
const lime = { id: 'lime', label: 'LIME', compatible: true } as unknown as MethodDescriptor;
const tick = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  calls.length = 0;
  stopped.length = 0;
  clearBatch();
  useStudio.setState({ ...initialState, status: 'ready', model: model('m1'), methods: [lime], methodId: 'lime', methodOptions: { lime: { samples: 300 } }, images: [img('i1', 'a'), img('i2'), img('i3', 'b')] });
});

describe('batchController', () => {
  it('sends the gallery in order with true labels and the view’s options; rows arrive into the store', async () => {
    const done = startBatch();
    await tick();
    expect(calls).toHaveLength(1);
    const { req } = calls[0];
    expect(req.methodId).toBe('lime');
    expect(req.options).toEqual({ samples: 300 });
    expect(req.items).toEqual([
      { key: 'i1', name: 'i1.png', imageId: 'i1', trueLabel: 'a' },
      { key: 'i2', name: 'i2.png', imageId: 'i2' },
      { key: 'i3', name: 'i3.png', imageId: 'i3', trueLabel: 'b' },
    ]);
    expect(useStudio.getState().batch).toMatchObject({ status: 'running', total: 3, methodLabel: 'LIME', rows: [] });
    calls[0].onRow(row(req.items[0]));
    expect(useStudio.getState().batch.rows.map((r) => r.key)).toEqual(['i1']);
    expect(useStudio.getState().batch.remaining).toBe(2);
    // Switching views leaves the rows where they are: they live in the store.
    useStudio.setState({ view: 'train' });
    calls[0].onRow(row(req.items[1]));
    calls[0].onRow(row(req.items[2]));
    calls[0].end({ end: 'finished', rows: 3, total: 3 });
    await done;
    expect(useStudio.getState().batch).toMatchObject({ status: 'idle', remaining: 0, outcome: { end: 'finished' } });
    expect(useStudio.getState().batch.rows).toHaveLength(3);
    expect(canResume(useStudio.getState())).toBe(false);
  });

  it('Stop, then Resume explains only the images left, with the same method and options', async () => {
    const first = startBatch();
    await tick();
    const c = calls[0];
    c.onRow(row(c.req.items[0]));
    stopBatch();
    expect(useStudio.getState().batch.status).toBe('stopping');
    expect(stopped).toEqual([c.req.batchId]);
    c.end({ end: 'stopped', rows: 1, total: 3 });
    await first;
    expect(useStudio.getState().batch).toMatchObject({ status: 'idle', remaining: 2, outcome: { end: 'stopped' } });
    // The person changes the view's options meanwhile: Resume keeps the batch's.
    useStudio.setState({ methodOptions: { lime: { samples: 50 } }, methodId: 'gradcam' });
    expect(canResume(useStudio.getState())).toBe(true);
    const second = resumeBatch();
    await tick();
    expect(calls).toHaveLength(2);
    expect(calls[1].req.methodId).toBe('lime');
    expect(calls[1].req.options).toEqual({ samples: 300 });
    expect(calls[1].req.items.map((i) => i.key)).toEqual(['i2', 'i3']);
    calls[1].onRow(row(calls[1].req.items[0]));
    calls[1].onRow(row(calls[1].req.items[1]));
    calls[1].end({ end: 'finished', rows: 2, total: 2 });
    await second;
    expect(useStudio.getState().batch.rows.map((r) => r.key)).toEqual(['i1', 'i2', 'i3']);
    expect(useStudio.getState().batch.remaining).toBe(0);
  });

  it('offers no Resume once the model changed; an engine failure keeps the rows and says so', async () => {
    const p = startBatch();
    await tick();
    calls[0].onRow(row(calls[0].req.items[0]));
    calls[0].end(Object.assign(new Error('x'), { title: 'The compute engine stopped', detail: 'It ran out of memory.', action: 'Try again.' }));
    await p;
    const s = useStudio.getState();
    expect(s.batch.rows).toHaveLength(1);
    expect(s.batch).toMatchObject({ status: 'idle', remaining: 2, outcome: { end: 'cancelled', reason: 'It ran out of memory.' } });
    expect(s.notices.at(-1)).toMatchObject({ kind: 'error', title: 'The compute engine stopped' });
    expect(s.notices.at(-1)!.action).toMatch(/rows done so far are kept/);
    expect(canResume(s)).toBe(true);
    useStudio.setState({ model: model('m2') });
    expect(canResume(useStudio.getState())).toBe(false);
    await resumeBatch();
    expect(calls).toHaveLength(1);
    expect(useStudio.getState().notices.at(-1)).toMatchObject({ title: 'The model or the backend changed' });
  });

  it('clearBatch (Forget everything) drops the rows and ignores the ones still arriving', async () => {
    const p = startBatch();
    await tick();
    calls[0].onRow(row(calls[0].req.items[0]));
    clearBatch();
    expect(stopped).toEqual([calls[0].req.batchId]);
    calls[0].onRow(row(calls[0].req.items[1]));
    calls[0].end({ end: 'cancelled', rows: 2, total: 3, reason: 'forgotten' });
    await p;
    expect(useStudio.getState().batch).toMatchObject({ rows: [], status: 'idle', outcome: null, remaining: 0 });
  });

  it('refuses to start while a model trains (its images would meet a new model)', async () => {
    useStudio.setState({ trainStatus: 'training' });
    await startBatch();
    expect(calls).toHaveLength(0);
    expect(useStudio.getState().notices.at(-1)).toMatchObject({ title: 'Training is running' });
  });

  it('takes a folder’s sub-folder as the true label when the model has that class', () => {
    const items = fileItems([
      { file: new Blob(['x']), path: 'scans/A/1.png' },
      { file: new Blob(['x']), path: 'scans/other/2.png' },
      { file: new Blob(['x']), path: '3.png' },
    ], ['a', 'b']);
    expect(items.map((i) => [i.name, i.trueLabel])).toEqual([['scans/A/1.png', 'a'], ['scans/other/2.png', undefined], ['3.png', undefined]]);
    expect(new Set(items.map((i) => i.key)).size).toBe(3);
  });
});
