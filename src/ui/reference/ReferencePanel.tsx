import { useMemo } from 'react';
import { useStudio } from '../../state/store';
import { mapOf, referenceActions } from '../../state/referenceController';
import { GROUND_TRUTH_NOTE, type ReferenceRegion, type ReferenceScoring } from '../../shared/region';
import type { Attribution, ImageInfo, ResultCheck } from '../../shared/types';
import { checkValue } from '../resultText';
import { useReferenceScores } from './useReferenceScores';
import './reference.css';

const VERDICT: Record<NonNullable<ResultCheck['status']>, string> = { ok: 'good', warn: 'weak', fail: 'fails' };

/** Where the region came from, in one phrase. */
export function regionSource(region: ReferenceRegion | null, image: ImageInfo): string {
  if (!region) return image.groundTruth ? 'No region: cleared' : 'No region yet';
  return region.source === 'ground-truth' ? `Region: ${GROUND_TRUTH_NOTE}` : 'Region: drawn by you';
}

/** How a figure's value reads: "no figure" when it has none (a flat map), "hit"/"miss" for the pointing game, else checkValue. */
export function scoreText(check: ResultCheck): string {
  if (!Number.isFinite(check.value)) return 'no figure';
  if (check.id === 'pointing' && check.format === 'count') return check.value ? 'hit' : 'miss';
  return checkValue(check);
}

/** A figure with its badge: "label: value [good]" and its plain-language line (a figure without a value has no badge). */
export function ScoreLine({ check }: { check: ResultCheck }) {
  return (
    <li className="ref-score" data-testid={`ref-${check.id}`} data-status={check.status ?? ''}>
      <span className="ref-score-head">
        <span>{check.label}:</span> <strong>{scoreText(check)}</strong>
        {check.status && <span className="ref-badge" data-status={check.status}>{VERDICT[check.status]}</span>}
      </span>
      {check.detail && <span className="ref-detail">{check.detail}</span>}
    </li>
  );
}

function ScoringMessage({ scoring, error, region, hasMap }: { scoring: ReferenceScoring | null; error: string | null; region: ReferenceRegion | null; hasMap: boolean }) {
  if (error) return <p className="warn">The scores could not be computed: {error}</p>;
  if (!region) return <p className="muted meta">Draw where you would look (Brush or Polygon) to score the map against your expectation.</p>;
  if (!hasMap) return <p className="muted meta">The scores appear with the map.</p>;
  if (scoring && scoring.regionCells === 0) {
    return <p className="warn">The region covers no pixel of the map ({Math.round(Math.sqrt(scoring.gridCells))} pixels a side, over the part of the image the model sees): draw a larger one.</p>;
  }
  return null;
}

/**
 * "Where would you look?": the drawing tools for the reference region (Brush, Polygon, Undo, Clear, Use ground
 * truth) and the map's scores against the region: the pointing game and energy-based pointing, with badges
 * (data-testid="reference-scores").
 */
export function ReferencePanel({ image, attribution }: { image: ImageInfo; attribution: Attribution | null }) {
  const tool = useStudio((s) => s.referenceTool);
  const brushRadius = useStudio((s) => s.brushRadius);
  const draft = useStudio((s) => (s.polygonDraft?.imageId === image.id ? s.polygonDraft.points : null));
  const maps = useMemo(() => (attribution ? [mapOf(attribution.run.method, attribution)] : []), [attribution]);
  const { region, scoring, error } = useReferenceScores(image, maps);
  const score = scoring?.scores[0];
  const pick = (t: typeof tool) => referenceActions.setTool(tool === t ? 'none' : t);
  return (
    <section className="reference-panel" aria-label="Where would you look?" data-testid="reference-panel">
      <div className="ref-head">
        <h3>Where would you look?</h3>
        <span className="muted meta" data-testid="reference-source">{regionSource(region, image)}</span>
      </div>
      <div className="ref-tools" role="toolbar" aria-label="Reference region tools">
        <button type="button" aria-pressed={tool === 'brush'} data-testid="ref-brush" onClick={() => pick('brush')} title="Paint the region with the mouse, a pen or a finger">Brush</button>
        <button type="button" aria-pressed={tool === 'polygon'} data-testid="ref-polygon" onClick={() => pick('polygon')} title="Click the corners of the region; click the first corner, double-click or press Enter to close it; Escape drops it">Polygon</button>
        {tool === 'brush' && (
          <label className="ref-size">
            <span>Size</span>
            <input type="range" min={0.01} max={0.15} step={0.005} value={brushRadius} data-testid="ref-brush-size" onChange={(e) => referenceActions.setBrushRadius(Number(e.target.value))} />
          </label>
        )}
        {draft && (
          <>
            <button type="button" data-testid="ref-close-polygon" disabled={draft.length < 6} onClick={() => referenceActions.closePolygon(image)}>Close polygon</button>
            <button type="button" onClick={() => referenceActions.cancelPolygon()}>Cancel polygon</button>
          </>
        )}
        <button type="button" data-testid="ref-undo" disabled={region?.source !== 'drawn'} onClick={() => referenceActions.undo(image)}>Undo</button>
        <button type="button" data-testid="ref-clear" disabled={!region} onClick={() => referenceActions.clear(image.id)}>Clear</button>
        {image.groundTruth && (
          <button type="button" data-testid="ref-ground-truth" disabled={region?.source === 'ground-truth'} onClick={() => referenceActions.useGroundTruth(image.id)} title={`Where the generator drew the ${image.trueLabel ?? 'finding'}`}>Use ground truth</button>
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
