import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { predictionOf, useStudio } from '../../state/store';
import { fetchBaselineExplanation, fetchGradCam } from '../../state/baselinesController';
import { leafInWords, stepInWords, type BaselineExplanation, type BaselineReport } from '../../shared/baselines';
import type { TrainingOutcome } from '../../shared/training';
import type { Attribution, ImageInfo } from '../../shared/types';
import { formatNumber, formatProbability } from '../../shared/readable';
import { toUserError } from '../../shared/errors';
import { isolateName } from '../../shared/names';
import { PixelCanvas } from '../Thumb';
import { HeatmapCanvas } from '../HeatmapCanvas';
import { Legend, overlayBox } from '../Viewer';
import { scaleOf } from '../colormaps';
import { SignedLegend, SignedMap, symmetricMax } from './SignedMap';
import { TreeChart } from './TreeChart';

interface Choice {
  image: ImageInfo;
  /** The class shown first: the CNN's prediction where known. */
  target: number;
}

const failure = (e: unknown) => {
  const u = toUserError(e);
  return [u.title, u.detail].filter(Boolean).join(' ');
};

/**
 * One image explained by every model side by side: the CNN's Grad-CAM (the ordinary explain call), the
 * logistic regression's weight × pixel, the MLP's gradient × input, and the tree's path (in words and
 * drawn on the tree). The image: the one selected in the Explain view, or a validation image of the run.
 */
export function BaselineCompare({ outcome, report, isActive }: { outcome: TrainingOutcome; report: BaselineReport; isActive: boolean }) {
  const { t } = useTranslation('baselines');
  const selected = useStudio((s) => s.images.find((i) => i.id === s.selectedId) ?? null);
  const prediction = useStudio((s) => predictionOf(s, s.selectedId));
  const model = useStudio((s) => s.model);
  const colormap = useStudio((s) => s.colormap);
  const choices = useMemo<Choice[]>(() => {
    const out: Choice[] = [];
    if (selected && !outcome.validation.some((v) => v.image.id === selected.id)) out.push({ image: selected, target: isActive && prediction ? Math.min(prediction.top, report.labels.length - 1) : 0 });
    for (const v of outcome.validation) out.push({ image: v.image, target: v.predicted });
    return out;
  }, [selected, prediction, isActive, outcome.validation, report.labels.length]);
  const [imageId, setImageId] = useState<string | null>(null);
  const [target, setTarget] = useState<number | null>(null);
  const choice = choices.find((c) => c.image.id === imageId) ?? choices[0] ?? null;
  const cls = target ?? choice?.target ?? 0;
  const key = choice ? `${choice.image.id}|${cls}` : '';
  const [result, setResult] = useState<{ key: string; e?: BaselineExplanation; error?: string } | null>(null);
  const [cam, setCam] = useState<{ key: string; a?: Attribution; error?: string } | null>(null);

  useEffect(() => {
    if (!choice) return;
    let live = true;
    fetchBaselineExplanation(choice.image.id, cls).then(
      (e) => live && setResult({ key, e }),
      (err: unknown) => live && setResult({ key, error: failure(err) }),
    );
    if (isActive) {
      fetchGradCam(choice.image.id, cls).then(
        (a) => live && setCam({ key, a }),
        (err: unknown) => live && setCam({ key, error: failure(err) }),
      );
    }
    return () => {
      live = false;
    };
    // choice is identified by its image id (key)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, isActive]);

  if (!choice) return <p className="hint">{t('explain.none')}</p>;
  const e = result?.key === key ? result.e : undefined;
  const error = result?.key === key ? result.error : undefined;
  const a = cam?.key === key ? cam.a : undefined;
  const label = report.labels[cls] ?? String(cls);
  const n = report.inputSize;
  const valItem = outcome.validation.find((v) => v.image.id === choice.image.id);
  const says = (p: number, c: number) => t('explain.says', { label: report.labels[c] ?? String(c), p: formatProbability(p) });
  const contribMax = e ? symmetricMax(e.logistic.contributions) : 1;
  const gradMax = e ? symmetricMax(e.mlp.gradientInput) : 1;
  return (
    <div className="baseline-compare" data-testid="baseline-compare">
      <h3>{t('explain.title')}</h3>
      <div className="baseline-pickers">
        <label>
          {t('explain.pick')}
          <select value={choice.image.id} data-testid="baseline-image" onChange={(ev) => {
            setImageId(ev.target.value);
            setTarget(null);
          }}>
            {choices.map((c) => (
              <option key={c.image.id} value={c.image.id}>
                {c.image.id === selected?.id && !outcome.validation.some((v) => v.image.id === c.image.id) ? t('explain.selected', { name: isolateName(c.image.name) }) : isolateName(c.image.name)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('explain.target')}
          <select value={cls} data-testid="baseline-target" onChange={(ev) => setTarget(Number(ev.target.value))}>
            {report.labels.map((l, c) => (
              <option key={l} value={c}>{l}</option>
            ))}
          </select>
        </label>
      </div>
      {error && <p className="error">{t('explain.failed', { message: error })}</p>}
      <div className="baseline-cards" aria-live="polite">
        <figure className="baseline-card" data-testid="baseline-gradcam">
          <div className="baseline-stage">
            <PixelCanvas image={choice.image.thumb ?? choice.image.preview} className="baseline-image" label={choice.image.name} />
            {a && isActive && <HeatmapCanvas attribution={a} colormap={colormap} style={{ position: 'absolute', ...overlayBox(choice.image, model), opacity: 0.75 }} label={t('explain.gradCam')} />}
          </div>
          <figcaption>
            <strong>{t('explain.gradCam')}</strong>
            {!isActive ? <span className="muted">{t('explain.gradCamUnavailable')}</span> : cam?.key === key && cam.error ? <span className="error">{t('explain.failed', { message: cam.error })}</span> : <span className="muted">{a ? t('explain.gradCamNote', { label }) : t('explain.computing')}</span>}
            {valItem && <span>{t('explain.cnnSays', { label: report.labels[valItem.predicted] ?? String(valItem.predicted) })}</span>}
            {a && isActive && <Legend scale={scaleOf(a)} signed={a.signed} units={a.units} />}
          </figcaption>
        </figure>
        <figure className="baseline-card" data-testid="baseline-logistic">
          {e ? <SignedMap values={e.logistic.contributions} size={n} max={contribMax} label={t('explain.logistic')} /> : <div className="baseline-map placeholder" />}
          <figcaption>
            <strong>{t('explain.logistic')}</strong>
            {e ? (
              <>
                <span>{says(e.logistic.probabilities[e.logistic.predicted], e.logistic.predicted)}</span>
                <span className="muted">{t('explain.logisticNote', { label, sum: formatNumber(e.logistic.logit - e.logistic.bias), bias: formatNumber(e.logistic.bias) })}</span>
                <SignedLegend max={contribMax} units="logit" />
              </>
            ) : (
              !error && <span className="muted">{t('explain.computing')}</span>
            )}
          </figcaption>
        </figure>
        <figure className="baseline-card" data-testid="baseline-mlp">
          {e ? <SignedMap values={e.mlp.gradientInput} size={n} max={gradMax} label={t('explain.mlp')} /> : <div className="baseline-map placeholder" />}
          <figcaption>
            <strong>{t('explain.mlp')}</strong>
            {e && (
              <>
                <span>{says(e.mlp.probabilities[e.mlp.predicted], e.mlp.predicted)}</span>
                <span className="muted">{t('explain.mlpNote', { label })}</span>
                <SignedLegend max={gradMax} units="logit" />
              </>
            )}
          </figcaption>
        </figure>
        <figure className="baseline-card baseline-path" data-testid="baseline-path">
          <figcaption>
            <strong>{t('explain.tree')}</strong>
            {e && (
              <>
                <span>{t('explain.cnnSays', { label: report.labels[e.tree.predicted] ?? String(e.tree.predicted) })}</span>
                <ol>
                  {e.tree.steps.map((s, i) => (
                    <li key={i}>{stepInWords(s)}</li>
                  ))}
                  <li className="leaf">{leafInWords(e.tree.leafCounts, report.labels)}</li>
                </ol>
              </>
            )}
          </figcaption>
        </figure>
      </div>
      <h3>{t('tree.title', { depth: report.treeDepth })}</h3>
      <p className="muted hint">{t('tree.note', { classes: report.labels.join(' / ') })}</p>
      <TreeChart tree={report.tree} labels={report.labels} steps={e?.tree.steps ?? null} />
    </div>
  );
}
