import { useEffect, useRef } from 'react';
import { useStudio } from '../../state/store';
import { shouldReveal, STACKED_MAX_WIDTH } from './reveal';

/**
 * On a stacked (phone or narrow) layout, scrolls the prediction strip and the map into view when an image
 * is added or picked: otherwise nothing visible changes, because the map is far below the gallery.
 */
export function useRevealSelection(): void {
  const selectedId = useStudio((s) => s.selectedId);
  const view = useStudio((s) => s.view);
  const seen = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    const previous = seen.current;
    // The first image the studio selects by itself only primes the hook.
    if (selectedId !== null && previous === undefined) {
      seen.current = selectedId;
      return;
    }
    seen.current = selectedId;
    if (view !== 'explain') return;
    const stacked = window.matchMedia(`(max-width: ${STACKED_MAX_WIDTH}px)`).matches;
    if (!shouldReveal(previous, selectedId, stacked)) return;
    const frame = requestAnimationFrame(() => {
      const el = document.querySelector('[data-testid="phone-prediction"]') ?? document.querySelector('.viewer');
      el?.scrollIntoView({ block: 'start', behavior: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    });
    return () => cancelAnimationFrame(frame);
  }, [selectedId, view]);
}
