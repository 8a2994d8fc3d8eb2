// Test-only: a ModelHost without an Engine, for Node tests of training.ts and library.ts.

import type { BackendReport, ImageInfo, RgbaImage } from '../shared/types';
import type { ModelChange, ModelOrigin } from '../shared/training';
import type { LoadedModel } from '../core/model/loaded';
import type { ModelHost } from './training';
import { UserError, type UserErrorInfo } from '../shared/errors';

export interface TestHost extends ModelHost {
  model: LoadedModel | null;
  origin: Pick<ModelOrigin, 'libraryId' | 'warnings'>;
  adopted: number;
  stored: ImageInfo[];
  switchedTo: string[];
  backend: BackendReport;
}

export function testHost(model: LoadedModel | null = null, backend: BackendReport = { active: 'wasm', chosenBy: 'measured', probes: [{ name: 'wasm', available: true, canTrain: true }] }): TestHost {
  let serial = 1;
  const h: TestHost = {
    model,
    origin: { libraryId: null, warnings: [] },
    adopted: 0,
    stored: [],
    switchedTo: [],
    backend,
    report: () => h.backend,
    current: () => {
      if (!h.model) throw new Error('no model');
      return { model: h.model, origin: h.origin };
    },
    describe: (): ModelChange => {
      const m = h.current().model;
      return { model: m.summary(h.backend.active), methods: [], origin: { ...h.origin, metadata: m.meta, serial }, backend: h.backend };
    },
    demoUrl: () => null,
    setBackend: async (name) => {
      h.switchedTo.push(name);
      h.backend = { ...h.backend, active: name };
    },
    store: (pixels: RgbaImage, name: string, trueLabel?: string) => {
      const info: ImageInfo = { id: `img${h.stored.length + 1}`, name, width: pixels.width, height: pixels.height, preview: pixels, source: 'user', trueLabel };
      h.stored.push(info);
      return info;
    },
    adopt: (m, origin) => {
      if (h.model && h.model.model !== m.model) {
        h.model.dispose();
        serial++;
      }
      h.model = m;
      h.origin = origin;
      h.adopted++;
      return h.describe();
    },
  };
  return h;
}

/** The parts of the UserError that `p` throws (fails the test if it throws anything else, or nothing). */
export async function userErrorOf(p: Promise<unknown> | (() => unknown)): Promise<UserErrorInfo> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return e.info();
  }
  throw new Error('expected a UserError');
}
