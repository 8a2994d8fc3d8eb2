// Recovery end to end in Node: the real EngineClient and Supervisor on fake workers (worker/fakeWorker.ts),
// the real store, and recoveryController restoring after the worker is killed. The fake engine computes
// its answers from what it was given (an image's top class is the label written in its bytes), so these
// tests see whether each image really came back under its old id, and which model is active.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineClient, ENGINE_STOPPED_TITLE } from '../worker/client';
import { fakeSpawn, fakeWorld, type FakeWorld } from '../worker/fakeWorker';
import type { SupervisorTiming } from '../worker/supervisor';
import { toUserError } from '../shared/errors';
import { actions, initialState, useStudio } from './store';
import { keptForTests, recoveryHoldsExplanation, restartEngine, runAgain, watchEngine } from './recoveryController';
import { addClass } from './trainingSlice';

const FAST: Partial<SupervisorTiming> = { heartbeatMs: 10, unresponsiveMs: 80, hangMs: 5000, longHangMs: 10_000, handshakeMs: 3000, restartLimit: 3, restartWindowMs: 60_000 };

let client: EngineClient;
let world: FakeWorld;
let unwatch: () => void;

function start(w: FakeWorld, timing: Partial<SupervisorTiming> = {}) {
  world = w;
  client = new EngineClient({ spawn: fakeSpawn(world), locks: world.locks, timing: { ...FAST, ...timing }, initOptions: () => ({ wasmPaths: {}, demoModel: { base: '', files: {} } }) });
  unwatch = watchEngine(client);
}

/** What controller.startStudio() does, against the client under test. */
async function startStudio() {
  const r = await client.init();
  useStudio.setState({ status: 'ready', backend: r.backend, model: r.model, methods: r.methods });
  actions.addImages(await client.demoImages(3));
}

async function addUserImage(text: string, name: string) {
  const info = await client.addImage(new Blob([text]), name);
  actions.addImages([info]);
  return info;
}

const health = () => useStudio.getState().engineHealth;
const kill = () => client.testHooks().terminate();
const until = (f: () => boolean, timeout = 8000) => expect.poll(f, { timeout, interval: 10 }).toBe(true);

beforeEach(() => {
  useStudio.setState({ ...initialState }, true);
});

afterEach(() => {
  unwatch?.();
  client?.terminate();
});

describe('after the engine worker dies mid-explanation', () => {
  it('says so at once, restarts down the ladder, and brings back every image under its id, the model and a prediction', async () => {
    start(fakeWorld({ explainMs: Infinity, pick: (c) => (c.includes('wasm') ? 'wasm' : c[0]) }));
    await startStudio();
    const lesion = await addUserImage('a lesion, drawn', 'my-lesion.png');
    const cyst = await addUserImage('a cyst', 'my-cyst.png');
    // A model trained in the page and not saved: the engine holds the only copy, so the page takes one.
    await client.train({ name: 'My trained model' } as never);
    await until(() => keptForTests().model.kind === 'files');
    actions.select(lesion.id);
    actions.setMethod('lime');
    // What refreshExplanation() does: the explanation runs; its error becomes a notice.
    useStudio.setState({ busy: true });
    const running = client
      .explain({ imageId: lesion.id, methodId: 'lime', target: 1 })
      .catch((err) => actions.notify({ kind: 'error', ...toUserError(err) }))
      .finally(() => useStudio.setState({ busy: false }));
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    kill();
    await until(() => health().state === 'restarting');
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(health().message).toBe('The compute engine stopped while computing LIME; restarting it on CPU…');
    await running;
    expect(useStudio.getState().busy).toBe(false);
    await until(() => health().state === 'recovered');

    const fresh = world.engines[1];
    expect(fresh.initBackends).toEqual(['cpu']);
    expect(useStudio.getState().backend?.active).toBe('cpu');
    // Every image of the gallery is in the new engine under its old id, with the same content.
    const gallery = useStudio.getState().images;
    expect(gallery.map((i) => i.id).sort()).toEqual([...fresh.images.keys()].sort());
    expect(fresh.images.get(lesion.id)?.text).toBe('a lesion, drawn');
    expect(fresh.images.get(cyst.id)?.text).toBe('a cyst');
    expect(gallery.filter((i) => i.source === 'demo').map((i) => fresh.images.get(i.id)?.text)).toEqual(['normal', 'lesion', 'cyst', 'normal', 'lesion', 'cyst', 'normal', 'lesion', 'cyst']);
    // The model came back from the page's copy.
    expect(fresh.model.name).toBe('My trained model');
    expect(useStudio.getState().model?.name).toBe('My trained model');
    // The new engine predicted the selected image: lesion (index 1).
    expect(useStudio.getState().prediction?.top).toBe(1);
    expect(useStudio.getState().predictionFor).toBe(`${lesion.id}@cpu`);
    expect(health().message).toBe('The compute engine stopped while computing LIME, so Glassbox restarted it on CPU and brought back 11 images and the model "My trained model".');
    expect(health().canRunAgain).toBe(true);
    // The banner says it once: the waiting call's generic notice is gone.
    expect(useStudio.getState().notices.filter((n) => n.title === ENGINE_STOPPED_TITLE)).toEqual([]);
    // The interrupted explanation is not rerun on its own; "Run again" (or asking for another) lets it run.
    expect(recoveryHoldsExplanation()).toBe(true);
    runAgain();
    expect(recoveryHoldsExplanation()).toBe(false);
    expect(health().state).toBe('ok');
  });

  it('ends the hold when the person asks for something else', async () => {
    start(fakeWorld({ explainMs: Infinity }));
    await startStudio();
    actions.select(useStudio.getState().images[1].id);
    kill();
    await until(() => health().state === 'recovered');
    expect(recoveryHoldsExplanation()).toBe(true);
    actions.setMethod('lime');
    expect(recoveryHoldsExplanation()).toBe(false);
  });

  it('keeps the notice that names a file being read when the engine stopped', async () => {
    start(fakeWorld({ decodeMs: 60_000 }));
    await startStudio();
    const adding = client.addImage(new Blob(['a lesion']), 'scan.png').catch((err) => actions.notify({ kind: 'error', ...toUserError(err) }));
    await new Promise((r) => setTimeout(r, 50));
    kill();
    await adding;
    await until(() => health().state === 'recovered');
    const titles = useStudio.getState().notices.map((n) => n.title);
    expect(titles).toEqual(['"scan.png" was not added']);
  });
});

describe('when the new engine dies while restoring', () => {
  it('changes nothing of the gallery and lets the next restart restore everything', async () => {
    start(fakeWorld({ pick: (c) => (c.includes('wasm') ? 'wasm' : c[0]) }));
    await startStudio();
    const a = await addUserImage('a lesion', 'a.png');
    const b = await addUserImage('a cyst', 'b.png');
    world.onRestoreImage = () => {
      world.onRestoreImage = undefined;
      kill(); // the engine being restored (the second one) ends mid-restore
    };
    kill();
    await until(() => world.engines.length === 3 && health().state === 'recovered');
    expect(useStudio.getState().images).toHaveLength(11);
    const third = world.engines[2];
    expect(third.initBackends).toEqual(['cpu']);
    expect(third.images.get(a.id)?.text).toBe('a lesion');
    expect(third.images.get(b.id)?.text).toBe('a cyst');
    expect(health().message).toBe('The compute engine stopped, so Glassbox restarted it on CPU and brought back 11 images and the model "Demo".');
  });
});

describe('the model after a restart', () => {
  it('reloads a saved model from the library (IndexedDB), not from a copy', async () => {
    start(fakeWorld());
    await startStudio();
    await client.train({ name: 'Trained' } as never);
    const saved = await client.saveModel('Kept model');
    const id = saved.change.origin.libraryId!;
    expect(keptForTests().model).toMatchObject({ kind: 'saved', id });
    kill();
    await until(() => health().state === 'recovered');
    expect(world.engines[1].model).toMatchObject({ name: 'Kept model', libraryId: id });
    expect(useStudio.getState().modelOrigin?.libraryId).toBe(id);
  });

  it('falls back to its copy when the saved model is gone from the library', async () => {
    start(fakeWorld());
    await startStudio();
    await client.train({ name: 'Trained' } as never);
    await until(() => keptForTests().model.kind === 'files');
    const saved = await client.saveModel('Kept model');
    world.library.delete(saved.change.origin.libraryId!); // deleted in another tab
    kill();
    await until(() => health().state === 'recovered');
    expect(world.engines[1].model.name).toBe('Trained');
    expect(world.engines[1].model.libraryId).toBeNull();
  });

  it('reloads an uploaded model from the files the person gave', async () => {
    start(fakeWorld());
    await startStudio();
    await client.loadModelFiles([{ name: 'model.json', blob: new Blob(['{}']) }, { name: 'metadata.json', blob: new Blob([JSON.stringify({ name: 'Their model' })]) }]);
    expect(keptForTests().model.kind).toBe('files');
    kill();
    await until(() => health().state === 'recovered');
    expect(world.engines[1].model.name).toBe('Their model');
    expect(health().message).toContain('the model "Their model"');
  });

  it('stays on the demo model after the demo model was chosen again', async () => {
    start(fakeWorld());
    await startStudio();
    await client.loadModelFiles([{ name: 'metadata.json', blob: new Blob([JSON.stringify({ name: 'Their model' })]) }]);
    await client.loadDemoModel();
    kill();
    await until(() => health().state === 'recovered');
    expect(world.engines[1].model.name).toBe('Demo');
    expect(world.engines[1].model.serial).toBe(1); // nothing was loaded after init
  });
});

describe('training images after a restart', () => {
  it('replays the classes\' images into the new engine and renames their ids in the store', async () => {
    start(fakeWorld());
    await startStudio();
    let classes = addClass([], 'normal');
    classes = addClass(classes, 'lesion');
    classes = addClass(classes, 'cyst');
    const ids = classes.map((c) => c.id);
    const synthetic = await client.addSyntheticTrainingSet(ids, 2, 64);
    const mine = await client.addTrainingImage(ids[1], new Blob(['x']), 'mine.png');
    // The person removes one synthetic image.
    await client.removeTrainingImages([synthetic[0].id]);
    const kept = [...synthetic.slice(1), mine];
    useStudio.setState({ trainClasses: classes.map((c) => ({ ...c, images: kept.filter((i) => i.classId === c.id) })) });
    kill();
    await until(() => health().state === 'recovered');
    const fresh = world.engines[1];
    const after = useStudio.getState().trainClasses;
    // Same classes, the same number of images each (by hand: 2 per class, one normal removed, one lesion added).
    expect(after.map((c) => c.images.length)).toEqual([1, 3, 2]);
    for (const c of after) {
      for (const img of c.images) {
        expect(fresh.training.get(img.id)?.classId).toBe(c.id);
      }
    }
    expect(fresh.training.size).toBe(6);
    expect(after[1].images.map((i) => i.name)).toEqual(['lesion 1', 'lesion 2', 'mine.png']);
  });
});

describe('engine health', () => {
  it('flags an engine that does not answer, and clears the flag when it answers again', async () => {
    start(fakeWorld());
    await startStudio();
    world.engines[0].hung = true;
    await until(() => health().state === 'unresponsive');
    expect(health().message).toMatch(/^The compute engine has not answered for \d+ s: it may be compiling shaders or running a long step, or it may be stuck\.$/);
    world.engines[0].hung = false;
    await until(() => health().state === 'ok');
  });

  it('says when it gave up, and starts again when asked', async () => {
    start(fakeWorld(), { restartLimit: 1 });
    await startStudio();
    kill();
    await until(() => health().state === 'recovered');
    await new Promise((r) => setTimeout(r, 50));
    kill();
    await until(() => health().state === 'failed');
    expect(health().message).toMatch(/^The compute engine kept stopping/);
    restartEngine();
    await until(() => health().state === 'recovered');
    expect(world.engines).toHaveLength(3);
  });
});
