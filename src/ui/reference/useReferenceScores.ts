import { useEffect, useState } from 'react';
import { useStudio } from '../../state/store';
import { referenceOf, scoreReference } from '../../state/referenceController';
import { toUserError } from '../../shared/errors';
import type { MapToScore, ReferenceRegion, ReferenceScoring } from '../../shared/region';
import type { ImageInfo } from '../../shared/types';

export interface ReferenceScoresState {
  region: ReferenceRegion | null;
  scoring: ReferenceScoring | null;
  error: string | null;
}

/**
 * The image's reference region and the scores of `maps` against it, recomputed in the worker whenever the
 * maps, the region or the model change (a newer request makes an older answer stale).
 */
export function useReferenceScores(image: ImageInfo, maps: MapToScore[]): ReferenceScoresState {
  const region = useStudio((s) => referenceOf(s, image));
  const model = useStudio((s) => s.model);
  const [state, setState] = useState<{ scoring: ReferenceScoring | null; error: string | null }>({ scoring: null, error: null });
  useEffect(() => {
    let stale = false;
    if (!region || !maps.length) {
      setState({ scoring: null, error: null });
      return;
    }
    scoreReference(maps, region, image, model).then(
      (scoring) => !stale && setState({ scoring, error: null }),
      (e) => !stale && setState({ scoring: null, error: toUserError(e).detail }),
    );
    return () => {
      stale = true;
    };
  }, [maps, region, image, model]);
  return { region, ...state };
}
