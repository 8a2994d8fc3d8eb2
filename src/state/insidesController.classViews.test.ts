// The class views' state against a fake engine: available only for the model the session's last run trained,
// asks the engine with that run's validation images and serial, and a result for a model that is no longer
// active is not shown as the active one's.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClassViews, ClassViewsRequest } from '../shared/classViews';
import type { TrainingOutcome } from '../shared/training';

const calls: { req: ClassViewsRequest; resolve: (v: ClassViews) => void; reject: (e: unknown) => void }[] = [];
const engine = {
  classViews: (req: ClassViewsRequest) => new Promise<ClassViews>((resolve, reject) => calls.push({ req, resolve, reject })),
};
vi.mock('./controller', () => ({ getEngine: () => engine }));

const { classViewsAvailability, computeClassViews, useClassViews } = await import('./insidesController');
const { useStudio } = await import('./store');

const outcome = (serial: number) =>
  ({
    change: { origin: { serial } },
    validation: [
      { image: { id: 'img7' }, trueLabel: 0, predicted: 0 },
      { image: { id: 'img8' }, trueLabel: 1, predicted: 0 },
    ],
  }) as unknown as TrainingOutcome;
const views = (serial: number): ClassViews => ({ serial, width: 2, height: 2, camLayer: 'conv', featureLayer: 'gap', used: 2, missing: 0, classes: [] });

beforeEach(() => {
  calls.length = 0;
  useClassViews.setState({ status: 'idle', serial: null, progress: null, result: null, error: null, by: 'true' });
});

describe('class views state', () => {
  it('is available for the model the last run trained only', () => {
    expect(classViewsAvailability({ trainOutcome: null, modelOrigin: { serial: 1 } })).toBe('untrained');
    expect(classViewsAvailability({ trainOutcome: outcome(4), modelOrigin: { serial: 4 } })).toBe('ready');
    expect(classViewsAvailability({ trainOutcome: outcome(4), modelOrigin: { serial: 5 } })).toBe('another');
  });

  it("asks the engine with the run's validation images and serial, and keeps the answer", async () => {
    useStudio.setState({ trainOutcome: outcome(4), modelOrigin: { serial: 4 } as never });
    const done = computeClassViews();
    expect(useClassViews.getState().status).toBe('running');
    expect(calls).toHaveLength(1);
    expect(calls[0].req).toEqual({ serial: 4, items: [{ imageId: 'img7', trueLabel: 0 }, { imageId: 'img8', trueLabel: 1 }] });
    // a second request while one runs asks nothing more
    await computeClassViews();
    expect(calls).toHaveLength(1);
    calls[0].resolve(views(4));
    await done;
    expect(useClassViews.getState()).toMatchObject({ status: 'done', serial: 4, result: { serial: 4 } });
  });

  it('asks nothing for a model not trained here, and reports a refusal as a user error', async () => {
    useStudio.setState({ trainOutcome: null, modelOrigin: { serial: 1 } as never });
    await computeClassViews();
    expect(calls).toHaveLength(0);
    useStudio.setState({ trainOutcome: outcome(2), modelOrigin: { serial: 2 } as never });
    const done = computeClassViews();
    calls[0].reject({ title: 'These validation images belong to another model', detail: 'd', action: 'a' });
    await done;
    expect(useClassViews.getState()).toMatchObject({ status: 'error', error: { title: 'These validation images belong to another model' } });
  });
});
