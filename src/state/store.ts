// The studio's state: one zustand store made of slices, one per concern. Plain data only: the model
// and its tensors live in the worker, reached through src/worker/client.ts.

import { create } from 'zustand';
import type { Attribution, BackendReport, ImageInfo, MethodDescriptor, ModelSummary, OptionValues, Prediction, Progress } from '../shared/types';
import type { TrustFigures } from '../shared/trust';
import { initialTrainingState, type LibrarySlice, type TrainingSlice } from './trainingSlice';
import { initialBatchState, type BatchSlice } from './batchSlice';
import { loadScoreChoice, saveScoreChoice, type ScoreChoice } from './scoreChoice';
import { initialReferenceState, type ReferenceSlice } from './referenceSlice';

export type Colormap = 'viridis' | 'inferno' | 'magma' | 'cividis' | 'turbo' | 'grayscale';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  title: string;
  detail: string;
  action?: string;
}

/** How the engine worker is doing (src/state/recoveryController.ts keeps it). */
export interface EngineHealth {
  /**
   * ok; unresponsive: has not answered for 1.5-2 s (busy or stuck); restarting: it stopped and a new one is
   * starting and getting the images and model back; recovered: it did, and the banner says so; failed: it
   * kept stopping and Glassbox gave up restarting it.
   */
  state: 'ok' | 'unresponsive' | 'restarting' | 'recovered' | 'failed';
  /** The one sentence the banner shows (null when all is well). */
  message: string | null;
  /** The restart interrupted or cleared an explanation: the banner offers "Run again". */
  canRunAgain: boolean;
}

export interface EngineSlice {
  engineHealth: EngineHealth;
  status: 'starting' | 'ready' | 'failed';
  startError: string | null;
  backend: BackendReport | null;
  switchingBackend: boolean;
  model: ModelSummary | null;
  methods: MethodDescriptor[];
}

export interface ImagesSlice {
  images: ImageInfo[];
  selectedId: string | null;
  loadingCount: number;
}

export interface ExplainSlice {
  prediction: Prediction | null;
  predictionFor: string | null;
  attribution: Attribution | null;
  attributionKey: string | null;
  methodId: string;
  /** Options the person changed, per method (the rest are the method's defaults). */
  methodOptions: Record<string, OptionValues>;
  target: number | null;
  /**
   * (honest) Strength: the largest |value| of the top class's map, per image, backend, method, options and
   * score (key: referenceKey), so a map of another class is drawn with its real magnitude next to it.
   */
  strengthRefs: Record<string, { target: number; max: number; units: Attribution['units'] }>;
  /** The strengthRefs key of the shown attribution. */
  attributionRef: string | null;
  /** (honest) "Explain: probability / logit": remembered in localStorage (scoreChoice.ts). */
  scoreChoice: ScoreChoice;
  busy: boolean;
  progress: Progress | null;
}

export interface CompareSlice {
  mode: 'single' | 'compare';
  compareMethods: string[];
  compareResults: Record<string, Attribution>;
  compareKey: string | null;
  comparing: string | null;
  sharedScale: boolean;
}

export interface ViewSlice {
  /** Superpixel methods: the region under the pointer or keyboard focus (chart and image share it). */
  hoverSegment: number | null;
  /** Superpixel methods: how many of the strongest regions to show. */
  topK: number;
  showNegative: boolean;
  showBoundaries: boolean;
  opacity: number;
  colormap: Colormap;
  showHeatmap: boolean;
  settingsOpen: boolean;
  privacyOpen: boolean;
}

/** Trust figures of the shown explanation (issue 13; state/trustController.ts keeps them). */
export interface TrustSlice {
  /** The figures of the explanation whose attributionKey is trust.key (figures of any other are never shown). */
  trust: TrustFigures | null;
  /** The figures being computed: which part, for which key, how far. */
  trustRun: { part: 'measures' | 'sanity'; key: string; progress: Progress | null } | null;
}

export interface NoticeSlice {
  notices: Notice[];
}

export type StudioState = EngineSlice & ImagesSlice & ExplainSlice & CompareSlice & ViewSlice & NoticeSlice & TrainingSlice & LibrarySlice & TrustSlice & BatchSlice & ReferenceSlice;

export const initialState: StudioState = {
  engineHealth: { state: 'ok', message: null, canRunAgain: false },
  status: 'starting',
  startError: null,
  backend: null,
  switchingBackend: false,
  model: null,
  methods: [],
  images: [],
  selectedId: null,
  loadingCount: 0,
  prediction: null,
  predictionFor: null,
  attribution: null,
  attributionKey: null,
  methodId: '',
  methodOptions: {},
  target: null,
  scoreChoice: 'auto',
  strengthRefs: {},
  attributionRef: null,
  busy: false,
  progress: null,
  mode: 'single',
  compareMethods: [],
  compareResults: {},
  compareKey: null,
  comparing: null,
  sharedScale: false,
  hoverSegment: null,
  topK: 5,
  showNegative: false,
  showBoundaries: false,
  opacity: 0.6,
  colormap: 'viridis',
  showHeatmap: true,
  settingsOpen: false,
  privacyOpen: false,
  notices: [],
  trust: null,
  trustRun: null,
  ...initialTrainingState,
  ...initialBatchState,
  ...initialReferenceState,
};

export const useStudio = create<StudioState>(() => ({ ...initialState, scoreChoice: loadScoreChoice() }));

/**
 * The method the studio opens with and the comparison grid come from the registry (openByDefault,
 * compareByDefault on each MethodDescriptor), not from ids written here: filled in when the methods first
 * arrive, unless the person has already chosen.
 */
export function registryDefaults(s: Pick<StudioState, 'methods' | 'methodId' | 'compareMethods'>, first: boolean): Partial<StudioState> {
  const patch: Partial<StudioState> = {};
  if (!s.methodId) {
    const open = s.methods.find((m) => m.openByDefault && m.compatible) ?? s.methods.find((m) => m.compatible) ?? s.methods[0];
    if (open) patch.methodId = open.id;
  }
  if (first && !s.compareMethods.length) patch.compareMethods = s.methods.filter((m) => m.compareByDefault).map((m) => m.id);
  return patch;
}

useStudio.subscribe((s, prev) => {
  if (s.methods === prev.methods || !s.methods.length) return;
  const patch = registryDefaults(s, prev.methods.length === 0);
  if (Object.keys(patch).length) useStudio.setState(patch);
});

let noticeSeq = 0;

/**
 * The prediction the page holds for image `imageId`, or null while that image's prediction is not in (the
 * store keeps one prediction, keyed `${imageId}@${backend}` by state/controller.ts).
 */
export function predictionOf(s: Pick<StudioState, 'prediction' | 'predictionFor'>, imageId: string | null | undefined): Prediction | null {
  return imageId && s.prediction && s.predictionFor?.startsWith(`${imageId}@`) ? s.prediction : null;
}

export const actions = {
  notify(n: Omit<Notice, 'id'>): void {
    useStudio.setState((s) => ({ notices: [...s.notices, { ...n, id: ++noticeSeq }].slice(-6) }));
  },
  dismiss(id: number): void {
    useStudio.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  },
  addImages(infos: ImageInfo[], select = false): void {
    useStudio.setState((s) => ({
      images: [...s.images, ...infos],
      selectedId: select && infos.length ? infos[0].id : s.selectedId ?? infos[0]?.id ?? null,
    }));
  },
  removeImage(id: string): void {
    useStudio.setState((s) => {
      const images = s.images.filter((i) => i.id !== id);
      const selectedId = s.selectedId === id ? (images[0]?.id ?? null) : s.selectedId;
      return { images, selectedId };
    });
  },
  select(id: string): void {
    useStudio.setState({ selectedId: id, target: null });
  },
  setTarget(target: number): void {
    useStudio.setState({ target });
  },
  /** (honest) Which class score to explain; remembered for the next visit. */
  setScoreChoice(scoreChoice: ScoreChoice): void {
    saveScoreChoice(scoreChoice);
    useStudio.setState({ scoreChoice });
  },
  setMethod(methodId: string): void {
    useStudio.setState({ methodId, mode: 'single' });
  },
  setOption(methodId: string, key: string, value: OptionValues[string]): void {
    useStudio.setState((s) => ({ methodOptions: { ...s.methodOptions, [methodId]: { ...s.methodOptions[methodId], [key]: value } } }));
  },
  resetOptions(methodId: string): void {
    useStudio.setState((s) => {
      const next = { ...s.methodOptions };
      delete next[methodId];
      return { methodOptions: next };
    });
  },
  toggleCompare(methodId: string): void {
    useStudio.setState((s) => ({
      compareMethods: s.compareMethods.includes(methodId) ? s.compareMethods.filter((m) => m !== methodId) : [...s.compareMethods, methodId],
    }));
  },
  setView(v: Partial<ViewSlice & Pick<CompareSlice, 'mode' | 'sharedScale'>>): void {
    useStudio.setState(v);
  },
};
