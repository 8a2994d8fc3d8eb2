import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../state/store';
import { formatProbability } from '../../shared/readable';
import { milestoneReached } from './milestones';

/**
 * One polite live region for the whole studio (WCAG 4.1.3 status messages), mounted once in App: it
 * announces the prediction of the selected image, an explanation's progress at 25/50/75% and its completion,
 * and the end of a training run. Errors keep their own role="alert" notices.
 */
export function LiveRegion() {
  const { t } = useTranslation('a11y');
  const [text, setText] = useState('');
  const lastMilestone = useRef(0);
  const prediction = useStudio((s) => s.prediction);
  const attributionKey = useStudio((s) => s.attributionKey);
  const progress = useStudio((s) => s.progress);
  const busy = useStudio((s) => s.busy);
  const trainStatus = useStudio((s) => s.trainStatus);
  const methodLabel = useStudio((s) => s.methods.find((m) => m.id === s.methodId)?.label ?? '');
  const wasTraining = useRef(false);

  useEffect(() => {
    if (prediction) setText(t('live.prediction', { label: prediction.labels[prediction.top], p: formatProbability(prediction.probabilities[prediction.top]) }));
  }, [prediction, t]);
  useEffect(() => {
    if (!busy) lastMilestone.current = 0;
    if (!busy || !progress) return;
    const m = milestoneReached(progress.done, progress.total, lastMilestone.current);
    if (m === null) return;
    lastMilestone.current = m;
    setText(t('live.progress', { label: methodLabel, pct: new Intl.NumberFormat(undefined, { style: 'percent' }).format(m) }));
  }, [busy, progress, methodLabel, t]);
  useEffect(() => {
    if (attributionKey) setText(t('live.done', { label: methodLabel }));
    // methodLabel is read, not watched: a new label alone is no completion.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attributionKey, t]);
  useEffect(() => {
    if (trainStatus !== 'idle') wasTraining.current = true;
    else if (wasTraining.current) {
      wasTraining.current = false;
      setText(t('live.trained'));
    }
  }, [trainStatus, t]);

  return (
    <div className="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="live-region">
      {text}
    </div>
  );
}
