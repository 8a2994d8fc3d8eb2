import { useEffect, useMemo, useState } from 'react';
import { useStudio } from '../../state/store';
import { agreementOf, mapOf, referenceActions } from '../../state/referenceController';
import { toUserError } from '../../shared/errors';
import type { AgreementMatrix as Agreement } from '../../worker/client';
import type { ImageInfo } from '../../shared/types';
import { checkValue } from '../resultText';
import { HeatMatrix } from './AgreementMatrix';
import { regionSource } from './ReferencePanel';
import { useReferenceScores } from './useReferenceScores';
import './reference.css';

const FRACTIONS = [0.05, 0.1, 0.2, 0.3];
const SPEARMAN: [number, number] = [-1, 1];
const UNIT: [number, number] = [0, 1];
const VERDICT = { ok: 'good', warn: 'weak', fail: 'fails' } as const;

/**
 * Compare's measures: every compared method scored against the person's reference region (a table:
 * pointing game and energy-based pointing, data-testid="reference-compare"), and the agreement between the
 * methods (Spearman ρ and top-k% IoU matrices, data-testid="agreement-matrix", k selectable).
 */
export function CompareReference({ image }: { image: ImageInfo }) {
  const methods = useStudio((s) => s.methods);
  const picked = useStudio((s) => s.compareMethods);
  const results = useStudio((s) => s.compareResults);
  const fraction = useStudio((s) => s.agreementFraction);
  // The finished maps of the methods in the grid, in the grid's order.
  const done = useMemo(() => methods.filter((m) => m.compatible && picked.includes(m.id) && results[m.id]).map((m) => ({ m, a: results[m.id] })), [methods, picked, results]);
  const maps = useMemo(() => done.map(({ m, a }) => mapOf(m.id, a)), [done]);
  const { region, scoring, error } = useReferenceScores(image, maps);
  const [agreement, setAgreement] = useState<{ matrix: Agreement | null; error: string | null }>({ matrix: null, error: null });

  useEffect(() => {
    let stale = false;
    if (done.length < 2) {
      setAgreement({ matrix: null, error: null });
      return;
    }
    agreementOf(done.map(({ m, a }) => ({ name: m.label, values: a.values })), fraction).then(
      (matrix) => !stale && setAgreement({ matrix, error: null }),
      (e) => !stale && setAgreement({ matrix: null, error: toUserError(e).detail }),
    );
    return () => {
      stale = true;
    };
  }, [done, fraction]);

  const byId = new Map(scoring?.scores.map((s) => [s.id, s]) ?? []);
  const k = Math.round(fraction * 100);
  return (
    <section className="compare-reference" aria-label="How the methods score and agree">
      <h3>Against your expectation</h3>
      <p className="muted meta" data-testid="reference-source">
        {regionSource(region, image)}
        {!region && ' (draw one in the “One method” view)'}
        {region && ' · pointing game: is the map’s strongest point inside the region; energy: share of the map’s positive mass inside it, against the region’s share of the image.'}
      </p>
      {error && <p className="warn">The scores could not be computed: {error}</p>}
      {scoring && scoring.regionCells === 0 && <p className="warn">The region covers no pixel of the maps: draw a larger one.</p>}
      {region && scoring && scoring.regionCells > 0 && (
        <div className="ref-table-wrap">
          <table className="ref-table" data-testid="reference-compare">
            <thead>
              <tr><th scope="col">Method</th><th scope="col">Pointing</th><th scope="col">Energy in region</th></tr>
            </thead>
            <tbody>
              {done.map(({ m }) => {
                const s = byId.get(m.id);
                if (!s) return null;
                const [p, e] = s.checks;
                return (
                  <tr key={m.id} data-method={m.id} data-hit={s.hit === null ? 'none' : String(s.hit)}>
                    <th scope="row">{m.label}</th>
                    <td title={p.detail}>
                      {s.hit === null ? 'flat map' : s.hit ? 'hit' : 'miss'} {p.status && <span className="ref-badge" data-status={p.status}>{VERDICT[p.status]}</span>}
                    </td>
                    <td title={e.detail}>
                      {Number.isFinite(s.proportion) ? checkValue(e) : 'no figure'} <span className="muted">vs {Math.round(s.areaShare * 100)}%</span> {e.status && <span className="ref-badge" data-status={e.status}>{VERDICT[e.status]}</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="agreement" data-testid="agreement-matrix">
        <div className="ref-head">
          <h3>Do the methods agree?</h3>
          <label className="ref-size">
            <span>Top</span>
            <select value={fraction} data-testid="agreement-k" onChange={(e) => referenceActions.setAgreementFraction(Number(e.target.value))}>
              {FRACTIONS.map((f) => (
                <option key={f} value={f}>{Math.round(f * 100)}%</option>
              ))}
            </select>
          </label>
        </div>
        {agreement.error && <p className="warn">The agreement could not be computed: {agreement.error}</p>}
        {!agreement.matrix && !agreement.error && <p className="muted meta">The matrix appears when two or more maps are done.</p>}
        {agreement.matrix && (
          <>
            <div className="am-pair">
              <HeatMatrix title="Rank correlation (Spearman ρ)" names={agreement.matrix.names} values={agreement.matrix.spearman} domain={SPEARMAN} testId="agreement-spearman" />
              <HeatMatrix title={`Overlap of the top ${k}% pixels (IoU)`} names={agreement.matrix.names} values={agreement.matrix.iou} domain={UNIT} testId="agreement-iou" />
            </div>
            <p className="muted meta">ρ near 1: two maps rank the pixels alike; near 0: unrelated. IoU 1: the same top {k}% of pixels; a random pair of maps would share about {Math.round((fraction / (2 - fraction)) * 100)}%.</p>
          </>
        )}
      </div>
    </section>
  );
}
