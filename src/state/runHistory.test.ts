// The session's run history (curves): every training that returned, finished or stopped, kept with its
// settings, summary numbers and per-epoch history; capped; two runs picked for the overlay. The pure slice
// functions, then the training controller over a scripted engine (getEngine mocked).

import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TrainingOutcome, TrainingProgress, TrainingSettings } from '../shared/training';
import {
  addRun,
  appendEpoch,
  appendProgress,
  differingSettings,
  pickedPair,
  pickRun,
  RUN_HISTORY_CAP,
  runRecord,
  type TrainCurve,
  type TrainRunRecord,
} from './trainingSlice';

const engine = vi.hoisted(() => ({
  train: vi.fn(),
  stopTraining: vi.fn(async () => undefined),
  trainingDefaults: vi.fn(),
  onEvent: vi.fn(() => () => undefined),
}));
vi.mock('./controller', () => ({ getEngine: () => engine, refreshExplanation: async () => undefined }));
vi.mock('./activeModelController', () => ({ applyModelChange: vi.fn(), report: vi.fn() }));

const { startTraining, stopTraining, toggleRunPick, clearRunHistory } = await import('./trainingController');
const { initialState, useStudio } = await import('./store');

const SETTINGS: TrainingSettings = {
  inputSize: 64, grayscale: false, resize: 'stretch', width: 8, depth: 3, epochs: 3, batchSize: 16, learningRate: 0.003,
  validationFraction: 0.2, seed: 1, flip: true, rotateShift: true, brightnessContrast: true, earlyStopping: true, patience: 4,
};

function outcome(o: Partial<TrainingOutcome> = {}): TrainingOutcome {
  return {
    labels: ['a', 'b'], validationAccuracy: 0.75, validationLoss: 0.5, bestEpoch: 2, epochsRun: 3, stoppedBy: 'completed',
    confusion: [[2, 0], [1, 1]], perClass: [],
    history: { epoch: [1, 2, 3], loss: [0.9, 0.6, 0.5], acc: [0.5, 0.7, 0.8], valLoss: [0.8, 0.5, 0.55], valAcc: [0.5, 0.75, 0.75], lr: [0.003, 0.003, 0.003], epochMs: [120, 100, 101], valMs: [9, 8, 8] },
    imagesPerSec: 50, trainMs: 321, totalMs: 400, validation: [], trainCount: 16, msTo90: null,
    backendChoice: { backend: 'wasm' },
    change: {} as TrainingOutcome['change'],
    ...o,
  };
}

const run = (id: string, settings: Partial<TrainingSettings> = {}): TrainRunRecord => runRecord(id, `model ${id}`, 1000, { ...SETTINGS, ...settings }, outcome());

describe('run history (pure)', () => {
  it('keeps the newest runs up to the cap, counting what it dropped, and drops dropped runs from the picks', () => {
    let runs: TrainRunRecord[] = [];
    let picks: string[] = [];
    const dropped: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const next = addRun(runs, picks, run(`r${i}`), 3);
      runs = next.runs;
      picks = next.picks;
      dropped.push(next.dropped);
      if (i === 2) expect(picks).toEqual(['r1', 'r2']); // the second run is compared with the first at once
      if (i === 3) expect(picks).toEqual(['r1', 'r2']); // two picked: a third run does not replace them
    }
    expect(runs.map((r) => r.id)).toEqual(['r3', 'r4', 'r5']);
    expect(dropped).toEqual([0, 0, 0, 1, 1]);
    // r1 left at the 4th run (picks r2 + r4), r2 at the 5th (picks r4 + r5)
    expect(picks).toEqual(['r4', 'r5']);
  });

  it('caps at RUN_HISTORY_CAP = 10 by default', () => {
    let runs: TrainRunRecord[] = [];
    for (let i = 1; i <= 12; i++) runs = addRun(runs, [], run(`r${i}`)).runs;
    expect(RUN_HISTORY_CAP).toBe(10);
    expect(runs.map((r) => r.id)).toEqual(['r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12']);
  });

  it('picks at most two runs: a picked run toggles off, a third pick replaces the earlier one, unknown ids change nothing', () => {
    const runs = [run('r1'), run('r2'), run('r3')];
    expect(pickRun(runs, [], 'r2')).toEqual(['r2']);
    expect(pickRun(runs, ['r2'], 'r1')).toEqual(['r2', 'r1']);
    expect(pickRun(runs, ['r2', 'r1'], 'r3')).toEqual(['r1', 'r3']);
    expect(pickRun(runs, ['r1', 'r3'], 'r1')).toEqual(['r3']);
    expect(pickRun(runs, ['r1'], 'r9')).toEqual(['r1']);
    expect(pickedPair(runs, ['r3', 'r1'])!.map((r) => r.id)).toEqual(['r3', 'r1']);
    expect(pickedPair(runs, ['r3'])).toBeNull();
    expect(pickedPair(runs, ['r3', 'gone'])).toBeNull();
  });

  it('names the settings the runs do not agree on (patience only where early stopping is on)', () => {
    expect(differingSettings([run('r1')])).toEqual([]);
    expect(differingSettings([run('r1'), run('r2')])).toEqual([]);
    expect(differingSettings([run('r1'), run('r2', { learningRate: 0.01 }), run('r3', { batchSize: 32 })])).toEqual(['batchSize', 'learningRate']);
    expect(differingSettings([run('r1', { earlyStopping: false, patience: 9 }), run('r2')])).toEqual(['earlyStopping']);
    expect(differingSettings([run('r1', { patience: 9 }), run('r2')])).toEqual(['patience']);
  });

  it('records a run with its own copy of the settings and the summary numbers', () => {
    const s = { ...SETTINGS };
    const r = runRecord('r7', 'cats', 42, s, outcome({ stoppedBy: 'cancelled', epochsRun: 1.5 }));
    s.learningRate = 1;
    expect(r).toMatchObject({ id: 'r7', name: 'cats', finishedAt: 42, stoppedBy: 'cancelled', epochsRun: 1.5, validationAccuracy: 0.75, trainMs: 321, backend: 'wasm' });
    expect(r.settings.learningRate).toBe(0.003);
    expect(r.history.lr).toEqual([0.003, 0.003, 0.003]);
  });

  it('adds the learning rate and times of epoch reports to the live curve, and nothing for batch reports', () => {
    const p = (o: Partial<TrainingProgress>): TrainingProgress => ({
      phase: 'epoch', epoch: 1, epochs: 2, batch: 4, batches: 4, loss: 1, acc: 0.5, valLoss: 0.9, valAcc: 0.6, imagesPerSec: 10, etaMs: 0, elapsedMs: 0, ...o,
    });
    let c: TrainCurve = { train: [], val: [] };
    c = appendEpoch(c, p({ phase: 'batch', lr: 0.003 }));
    expect(c.epochs).toBeUndefined();
    c = appendEpoch(c, p({ lr: 0.003, epochMs: 250, valMs: 12 }));
    c = appendEpoch(c, p({ epoch: 2, batch: 1, lr: 0.003, epochMs: 60, valMs: 11 })); // a Stop after 1 of 4 batches
    expect(c.epochs).toEqual([{ x: 1, lr: 0.003, ms: 250, valMs: 12 }, { x: 1.25, lr: 0.003, ms: 60, valMs: 11 }]);
    // the loss and accuracy curves' updates keep them
    expect(appendProgress(c, p({ phase: 'batch', epoch: 3, batch: 1 })).epochs).toBe(c.epochs);
    expect(appendProgress(c, p({ epoch: 3 })).epochs).toBe(c.epochs);
  });
});

describe('run history (training controller)', () => {
  beforeEach(() => {
    engine.train.mockReset();
    useStudio.setState({
      ...initialState,
      trainDefaults: SETTINGS,
      trainSettings: SETTINGS,
      trainClasses: [
        { id: 'c1', name: 'a', images: [], pending: 0 },
        { id: 'c2', name: 'b', images: [], pending: 0 },
      ],
    }, true);
  });

  it('keeps a stopped run with the settings it trained with, and a finished one after it', async () => {
    let finish: (o: TrainingOutcome) => void = () => undefined;
    engine.train.mockImplementationOnce(() => new Promise((r) => (finish = r)));
    const first = startTraining('stopped one');
    await vi.waitFor(() => expect(engine.train).toHaveBeenCalledTimes(1));
    await stopTraining();
    expect(engine.stopTraining).toHaveBeenCalled();
    // The settings change after the run started: the record keeps those it trained with.
    useStudio.setState({ trainSettings: { ...SETTINGS, learningRate: 0.01 } });
    finish(outcome({ stoppedBy: 'cancelled', epochsRun: 1.25 }));
    await first;
    let s = useStudio.getState();
    expect(s.trainRuns).toHaveLength(1);
    expect(s.trainRuns[0]).toMatchObject({ id: 'r1', name: 'stopped one', stoppedBy: 'cancelled', epochsRun: 1.25 });
    expect(s.trainRuns[0].settings.learningRate).toBe(0.003);

    engine.train.mockResolvedValueOnce(outcome());
    await startTraining('second');
    s = useStudio.getState();
    expect(s.trainRuns.map((r) => [r.id, r.name, r.stoppedBy, r.settings.learningRate])).toEqual([['r1', 'stopped one', 'cancelled', 0.003], ['r2', 'second', 'completed', 0.01]]);
    expect(s.runPicks).toEqual(['r1', 'r2']);
  });

  it('keeps the last 10 runs, says how many it dropped, and never reuses an id after Forget', async () => {
    for (let i = 0; i < 12; i++) {
      engine.train.mockResolvedValueOnce(outcome());
      await startTraining(`run ${i + 1}`);
    }
    let s = useStudio.getState();
    expect(s.trainRuns.map((r) => r.name)).toEqual(Array.from({ length: 10 }, (_, i) => `run ${i + 3}`));
    expect(s.runsDropped).toBe(2);
    // r1 + r2 were picked; the 11th run dropped r1 (picks r2 + r11), the 12th dropped r2 (picks r11 + r12).
    expect(s.runPicks).toEqual(['r11', 'r12']);
    toggleRunPick('r12');
    toggleRunPick('r3');
    expect(useStudio.getState().runPicks).toEqual(['r11', 'r3']);
    clearRunHistory();
    engine.train.mockResolvedValueOnce(outcome());
    await startTraining('after forget');
    s = useStudio.getState();
    expect(s.trainRuns.map((r) => r.id)).toEqual(['r13']);
    expect(s.runsDropped).toBe(0);
  });

  it('keeps nothing when training was refused', async () => {
    engine.train.mockRejectedValueOnce(new Error('no'));
    await startTraining('refused');
    expect(useStudio.getState().trainRuns).toEqual([]);
  });
});
