import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { t } from '../../shared/i18n';
import { useStudio } from '../../state/store';
import { mapOf, referenceActions } from '../../state/referenceController';
import { type ReferenceRegion, type ReferenceScoring } from '../../shared/region';
import type { Attribution, ImageInfo, ResultCheck } from '../../shared/types';
import { checkValue } from '../resultText';
import { useReferenceScores } from './useReferenceScores';
import './reference.css';

/** A badge's word: the trust panel's (good, weak, fails). */
export const verdict = (status: NonNullable<ResultCheck['status']>): string => t(`trust:badge.${status}`);

/** Where the region came from, in one phrase. */
export function regionSource(region: ReferenceRegion | null, image: ImageInfo): string {
  if (!region) return image.groundTruth ? t('reference:source.cleared') : t('reference:source.none');
  return region.source === 'ground-truth' ? t('reference:source.groundTruth') : t('reference:source.drawn');
}

/** How a figure's value reads: "no figure" when it has none (a flat map), "hit"/"miss" for the pointing game, else checkValue. */
export function scoreText(check: ResultCheck): string {
  if (!Number.isFinite(check.value)) return t('reference:noFigure');
  if (check.id === 'pointing' && check.format === 'count') return check.value ? t('reference:hit') : t('reference:miss');
  return checkValue(check);
}

/** A figure with its badge: "label: value [good]" and its plain-language line (a figure without a value has no badge). */
export function ScoreLine({ check }: { check: ResultCheck }) {
  return (
    <li className="ref-score" data-testid={`ref-${check.id}`} data-status={check.status ?? ''}>
      <span className="ref-score-head">
        <span>{t('reference:scoreLabel', { label: check.label })}</span> <strong>{scoreText(check)}</strong>
        {check.status && <span className="ref-badge" data-status={check.status}>{verdict(check.status)}</span>}
      </span>
      {check.detail && <span className="ref-detail">{check.detail}</span>}
    </li>
  );
}

function ScoringMessage({ scoring, error, region, hasMap }: { scoring: ReferenceScoring | null; error: string | null; region: ReferenceRegion | null; hasMap: boolean }) {
  if (error) return <p className="warn">{t('reference:scoresFailed', { error })}</p>;
  if (!region) return <p className="muted meta">{t('reference:drawToScore')}</p>;
  if (!hasMap) return <p className="muted meta">{t('reference:scoresWithMap')}</p>;
  if (scoring && scoring.regionCells === 0) {
    return <p className="warn">{t('reference:noPixel', { side: Math.round(Math.sqrt(scoring.gridCells)) })}</p>;
  }
  return null;
}

/**
 * "Where would you look?": the drawing tools for the reference region (Brush, Polygon, Undo, Clear, Use ground
 * truth) and the map's scores against the region: the pointing game and energy-based pointing, with badges
 * (data-testid="reference-scores").
 */
export function ReferencePanel({ image, attribution }: { image: ImageInfo; attribution: Attribution | null }) {
  const { t } = useTranslation('reference');
  const tool = useStudio((s) => s.referenceTool);
  const brushRadius = useStudio((s) => s.brushRadius);
  const draft = useStudio((s) => (s.polygonDraft?.imageId === image.id ? s.polygonDraft.points : null));
  const maps = useMemo(() => (attribution ? [mapOf(attribution.run.method, attribution)] : []), [attribution]);
  const { region, scoring, error } = useReferenceScores(image, maps);
  const score = scoring?.scores[0];
  const pick = (which: typeof tool) => referenceActions.setTool(tool === which ? 'none' : which);
  return (
    <section className="reference-panel" aria-label={t('heading')} data-testid="reference-panel">
      <div className="ref-head">
        <h3>{t('heading')}</h3>
        <span className="muted meta" data-testid="reference-source">{regionSource(region, image)}</span>
      </div>
      <div className="ref-tools" role="toolbar" aria-label={t('tools')}>
        <button type="button" aria-pressed={tool === 'brush'} data-testid="ref-brush" onClick={() => pick('brush')} title={t('brushTitle')}>{t('brush')}</button>
        <button type="button" aria-pressed={tool === 'polygon'} data-testid="ref-polygon" onClick={() => pick('polygon')} title={t('polygonTitle')}>{t('polygon')}</button>
        {tool === 'brush' && (
          <label className="ref-size">
            <span>{t('size')}</span>
            <input type="range" min={0.01} max={0.15} step={0.005} value={brushRadius} data-testid="ref-brush-size" onChange={(e) => referenceActions.setBrushRadius(Number(e.target.value))} />
          </label>
        )}
        {draft && (
          <>
            <button type="button" data-testid="ref-close-polygon" disabled={draft.length < 6} onClick={() => referenceActions.closePolygon(image)}>{t('closePolygon')}</button>
            <button type="button" onClick={() => referenceActions.cancelPolygon()}>{t('cancelPolygon')}</button>
          </>
        )}
        <button type="button" data-testid="ref-undo" disabled={region?.source !== 'drawn'} onClick={() => referenceActions.undo(image)}>{t('undo')}</button>
        <button type="button" data-testid="ref-clear" disabled={!region} onClick={() => referenceActions.clear(image.id)}>{t('clear')}</button>
        {image.groundTruth && (
          <button type="button" data-testid="ref-ground-truth" disabled={region?.source === 'ground-truth'} onClick={() => referenceActions.useGroundTruth(image.id)} title={t('groundTruthTitle', { label: image.trueLabel ?? t('finding') })}>{t('groundTruth')}</button>
        )}
      </div>
      <ScoringMessage scoring={scoring} error={error} region={region} hasMap={maps.length > 0} />
      {score && (
        <ul className="ref-scores" data-testid="reference-scores" data-hit={score.hit === null ? 'none' : String(score.hit)} data-energy={Number.isFinite(score.proportion) ? score.proportion : 'none'} data-area={score.areaShare}>
          {score.checks.map((c) => <ScoreLine key={c.id} check={c} />)}
        </ul>
      )}
    </section>
  );
}
