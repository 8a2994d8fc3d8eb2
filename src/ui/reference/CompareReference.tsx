import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../state/store';
import { agreementOf, mapOf, referenceActions } from '../../state/referenceController';
import { toUserError } from '../../shared/errors';
import { LANGUAGE_TAGS, currentLanguage } from '../../shared/i18n';
import type { AgreementMatrix as Agreement } from '../../worker/client';
import type { ImageInfo } from '../../shared/types';
import { checkValue } from '../resultText';
import { HeatMatrix } from './AgreementMatrix';
import { regionSource, verdict } from './ReferencePanel';
import { useReferenceScores } from './useReferenceScores';
import './reference.css';

/** A whole percentage in the page's language (Intl): 0.3 -> "30%". */
const formatPercent = (v: number) => new Intl.NumberFormat(LANGUAGE_TAGS[currentLanguage()], { style: 'percent', maximumFractionDigits: 0 }).format(v);

const FRACTIONS = [0.05, 0.1, 0.2, 0.3];
const SPEARMAN: [number, number] = [-1, 1];
const UNIT: [number, number] = [0, 1];

/**
 * Compare's measures: every compared method scored against the person's reference region (a table:
 * pointing game and energy-based pointing, data-testid="reference-compare"), and the agreement between the
 * methods (Spearman ρ and top-k% IoU matrices, data-testid="agreement-matrix", k selectable).
 */
export function CompareReference({ image }: { image: ImageInfo }) {
  const { t } = useTranslation('reference');
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
    <section className="compare-reference" aria-label={t('compare.label')}>
      <h3>{t('compare.heading')}</h3>
      <p className="muted meta" data-testid="reference-source">
        {regionSource(region, image)}
        {!region && t('compare.drawInOne')}
        {region && t('compare.explain')}
      </p>
      {error && <p className="warn">{t('scoresFailed', { error })}</p>}
      {scoring && scoring.regionCells === 0 && <p className="warn">{t('compare.noPixel')}</p>}
      {region && scoring && scoring.regionCells > 0 && (
        <div className="ref-table-wrap">
          <table className="ref-table" data-testid="reference-compare">
            <thead>
              <tr><th scope="col">{t('compare.method')}</th><th scope="col">{t('compare.pointing')}</th><th scope="col">{t('compare.energy')}</th></tr>
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
                      {s.hit === null ? t('flatMap') : s.hit ? t('hit') : t('miss')} {p.status && <span className="ref-badge" data-status={p.status}>{verdict(p.status)}</span>}
                    </td>
                    <td title={e.detail}>
                      {Number.isFinite(s.proportion) ? checkValue(e) : t('noFigure')} <span className="muted">{t('compare.versus', { share: formatPercent(s.areaShare) })}</span> {e.status && <span className="ref-badge" data-status={e.status}>{verdict(e.status)}</span>}
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
          <h3>{t('compare.agree')}</h3>
          <label className="ref-size">
            <span>{t('compare.top')}</span>
            <select value={fraction} data-testid="agreement-k" onChange={(e) => referenceActions.setAgreementFraction(Number(e.target.value))}>
              {FRACTIONS.map((f) => (
                <option key={f} value={f}>{formatPercent(f)}</option>
              ))}
            </select>
          </label>
        </div>
        {agreement.error && <p className="warn">{t('compare.agreementFailed', { error: agreement.error })}</p>}
        {!agreement.matrix && !agreement.error && <p className="muted meta">{t('compare.matrixWaits')}</p>}
        {agreement.matrix && (
          <>
            <div className="am-pair">
              <HeatMatrix title={t('compare.spearman')} names={agreement.matrix.names} values={agreement.matrix.spearman} domain={SPEARMAN} testId="agreement-spearman" />
              <HeatMatrix title={t('compare.iou', { k })} names={agreement.matrix.names} values={agreement.matrix.iou} domain={UNIT} testId="agreement-iou" />
            </div>
            <p className="muted meta">{t('compare.reading', { k, chance: Math.round((fraction / (2 - fraction)) * 100) })}</p>
          </>
        )}
      </div>
    </section>
  );
}
