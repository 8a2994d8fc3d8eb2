import type { Preprocessing } from './types';

/** The part of a w x h image the model sees (in source pixels), for a given resize mode. */
export function cropBox(w: number, h: number, mode: Preprocessing['resize']): { x: number; y: number; w: number; h: number } {
  if (mode === 'stretch') return { x: 0, y: 0, w, h };
  const s = Math.min(w, h);
  return { x: Math.floor((w - s) / 2), y: Math.floor((h - s) / 2), w: s, h: s };
}
