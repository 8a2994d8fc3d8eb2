// The studio's state: one zustand store made of slices, one per concern. Plain data only: the model
// and its tensors live in the worker, reached through src/worker/client.ts.

import { create } from 'zustand';
import type { Attribution, BackendReport, ImageInfo, MethodDescriptor, ModelSummary, Prediction, Progress } from '../shared/types';

export type Colormap = 'viridis' | 'inferno' | 'magma' | 'cividis' | 'turbo' | 'grayscale';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  title: string;
  detail: string;
  action?: string;
}

export interface EngineSlice {
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
  target: number | null;
  busy: boolean;
  progress: Progress | null;
}

export interface ViewSlice {
  opacity: number;
  colormap: Colormap;
  showHeatmap: boolean;
  settingsOpen: boolean;
}

export interface NoticeSlice {
  notices: Notice[];
}

export type StudioState = EngineSlice & ImagesSlice & ExplainSlice & ViewSlice & NoticeSlice;

export const initialState: StudioState = {
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
  methodId: 'gradcam',
  target: null,
  busy: false,
  progress: null,
  opacity: 0.6,
  colormap: 'viridis',
  showHeatmap: true,
  settingsOpen: false,
  notices: [],
};

export const useStudio = create<StudioState>(() => ({ ...initialState }));

let noticeSeq = 0;

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
  setView(v: Partial<ViewSlice>): void {
    useStudio.setState(v);
  },
};
