// The batch table's state (issue 13 "Batch"), a slice of the studio store (store.ts spreads it in).
// Plain data only: a row holds an image's figures, never its map.

import type { BatchOutcome, BatchRow } from '../shared/batch';
import type { OptionValues } from '../shared/types';

export interface BatchState {
  /** One row per image done (or failed), in the order they were done. */
  rows: BatchRow[];
  /** 'stopping': Stop was pressed and the image under way is ending. */
  status: 'idle' | 'running' | 'stopping';
  /** Images in the run (done + still to do). */
  total: number;
  /** The method and options the rows were made with (Resume uses them). */
  methodId: string | null;
  methodLabel: string | null;
  options: OptionValues;
  /** Which model (and backend) the rows were made with; Resume only while it is still the active one. */
  modelKey: string | null;
  modelName: string | null;
  /** How the last run ended (null while running or before any). */
  outcome: BatchOutcome | null;
  /** Images still to do after a Stop or a cancel (Resume explains them). */
  remaining: number;
  /** The panel is open. */
  open: boolean;
}

export interface BatchSlice {
  batch: BatchState;
}

export const initialBatchState: BatchSlice = {
  batch: { rows: [], status: 'idle', total: 0, methodId: null, methodLabel: null, options: {}, modelKey: null, modelName: null, outcome: null, remaining: 0, open: false },
};
