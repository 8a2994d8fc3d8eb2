// How far the map on screen can be believed (issue 13): deletion and insertion curves against a random
// ranking, seed stability for sampled methods, and the model-randomisation sanity check on demand. Each
// figure has a badge (good / weak / fails), its plain-language line and the rule that sets the badge.
// The figures come from state/trustController.ts; this component only shows them.

import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGE_TAGS, currentLanguage, t as tr } from '../../shared/i18n';
import { predictionOf, useStudio } from '../../state/store';
import { runSanityCheck, stopTrust, watchTrust } from '../../state/trustController';
import type { ResultCheck } from '../../shared/attribution';
import type { TrustFigures } from '../../shared/trust';
import { CurveChart, SanityChart } from './TrustCharts';
import './trust.css';


/** "0.03"; never scientific notation (people read these). */
function num(v: number): string {
  if (!Number.isFinite(v)) return '—';
  return Math.abs(v) < 0.005 ? '0.00' : v.toFixed(2);
}

/** A check's sentence without the rule quoted at its end (the rule is shown on its own line). */
function sentenceOf(c: ResultCheck, rule: string | undefined): string {
  const d = c.detail ?? '';
  return rule && d.endsWith(rule) ? d.slice(0, d.length - rule.length).trim() : d;
}

/** One figure: its badge (or "incomplete", or none when it has no figure), label, value, sentence and rule. */
export function Figure({ check, rule, children }: { check: ResultCheck; rule?: string; children?: React.ReactNode }) {
  // No number: stopped before the end (a 'warn' badge says so: "incomplete"), or a figure the map cannot
  // give (no status, e.g. a flat map: "no figure", no badge, and its sentence says why).
  const { t } = useTranslation('trust');
  const missing = !Number.isFinite(check.value);
  const incomplete = missing && Boolean(check.status);
  const badge = incomplete ? t('badge.incomplete') : !missing && check.status ? t(`badge.${check.status}`) : null;
  return (
    <div className="trust-figure" data-testid={`trust-${check.id}`} data-status={check.status ?? ''}>
      <p className="trust-figure-head">
        {badge && <span className={`trust-badge status-${incomplete ? 'incomplete' : check.status}`} data-testid="trust-badge">{badge}</span>}
        <span className="trust-label">{check.label}</span>
        {missing ? !incomplete && <span className="trust-value muted" data-testid="trust-no-figure">{t('noFigure')}</span> : <span className="trust-value">{num(check.value)}</span>}
      </p>
      {children}
      <p className="trust-sentence">{sentenceOf(check, rule)}</p>
      {rule && <p className="trust-rule muted">{t('rule', { rule })}</p>}
    </div>
  );
}

function progressText(run: NonNullable<ReturnType<typeof useStudio.getState>['trustRun']>): string {
  const p = run.progress;
  const what = run.part === 'sanity' ? tr('trust:sanity') : tr('trust:measuring');
  if (!p || p.total <= 0) return tr('trust:progressStart', { what });
  const pct = new Intl.NumberFormat(LANGUAGE_TAGS[currentLanguage()], { style: 'percent', maximumFractionDigits: 0 }).format(Math.round((100 * p.done) / p.total) / 100);
  return tr('trust:progress', { what, stage: p.stage ?? tr('trust:working'), pct });
}

/** The trust figures of the explanation `attributionKey` names; nothing of another explanation's. */
export function TrustPanel({ attributionKey }: { attributionKey: string | null }) {
  const { t } = useTranslation('trust');
  useEffect(() => watchTrust(), []);
  const stored = useStudio((s) => s.trust);
  const run = useStudio((s) => s.trustRun);
  const stoppedMap = useStudio((s) => Boolean(s.attribution?.run.cancelled));
  // An image unlike the training images: the figures below say whether the map follows the model, not whether the model is right.
  const outOfDistribution = useStudio((s) => predictionOf(s, s.selectedId)?.ood?.status === 'out');
  const trust: TrustFigures | null = stored && stored.key === attributionKey ? stored : null;
  const running = run && run.key === attributionKey ? run : null;
  const check = (id: string) => trust?.checks.find((c) => c.id === id);
  const rule = (id: string) => trust?.rules?.[id];
  const del = check('deletion-auc');
  const ins = check('insertion-auc');
  const stab = check('stability');
  const sanity = check('randomisation');
  const curveNote = trust?.deletion?.baseline === 'blur' ? t('blurNote') : null;
  return (
    <section className="trust-panel" data-testid="trust-panel" data-state={running ? 'computing' : trust ? 'done' : 'waiting'} aria-label={t('heading')}>
      <h3>{t('heading')}</h3>
      {trust?.ood && <p className={trust.ood.status === 'out' ? 'warn' : 'muted meta'} data-testid="trust-ood">{trust.ood.sentence}</p>}
      {outOfDistribution && (
        <p className="warn" data-testid="trust-ood-caution">
          {t('oodCaution')}
        </p>
      )}
      {trust?.error && (
        <p className="warn" data-testid="trust-error">{t('errorLine', { title: trust.error.title, detail: trust.error.detail, action: trust.error.action })}</p>
      )}
      {running && (
        <div className="trust-progress" role="status" data-testid="trust-progress">
          <span className="spinner" aria-hidden="true" />
          <span>{progressText(running)}</span>
          {running.part === 'sanity' && <button className="stop" data-testid="trust-stop" onClick={stopTrust} title={t('stopTitle')}>{t('stop')}</button>}
        </div>
      )}
      {!trust && !running && (
        <p className="muted meta" data-testid="trust-waiting">
          {stoppedMap ? t('stoppedMap') : t('waiting')}
        </p>
      )}
      {(del || ins) && (
        <div className="trust-curves">
          {del && (
            <Figure check={del} rule={rule('deletion-auc')}>
              {trust?.deletion && Number.isFinite(trust.deletion.auc) && <CurveChart figure={trust.deletion} />}
            </Figure>
          )}
          {ins && (
            <Figure check={ins} rule={rule('insertion-auc')}>
              {trust?.insertion && Number.isFinite(trust.insertion.auc) && <CurveChart figure={trust.insertion} />}
            </Figure>
          )}
        </div>
      )}
      {(trust?.deletion || trust?.insertion) && (
        <p className="muted meta trust-key">
          <span className="key-line map" aria-hidden="true" /> {t('mapOrder')} <span className="key-line random" aria-hidden="true" /> {t('randomOrder')} {curveNote}
        </p>
      )}
      {stab && <Figure check={stab} rule={rule('stability')} />}
      <div className="trust-sanity">
        {sanity ? (
          <Figure check={sanity} rule={rule('randomisation')}>
            {trust?.randomisation && trust.randomisation.layers.length > 0 && <SanityChart figure={trust.randomisation} />}
            {trust?.randomisation && trust.randomisation.layers.length > 0 && (
              <p className="muted meta trust-key">
                <span className="key-line map" aria-hidden="true" /> {t('rankCorrelation')} <span className="key-line random" aria-hidden="true" /> {t('ssim')}{trust.sanityPartial ? ` ${t('sanityPartial')}` : ''}
              </p>
            )}
          </Figure>
        ) : (
          <p className="muted meta">
            {t('sanityAbout')}
          </p>
        )}
        <button type="button" className="trust-run" data-testid="sanity-run" onClick={runSanityCheck} disabled={Boolean(run) || !attributionKey || stoppedMap}>
          {sanity ? t('runSanityAgain') : t('runSanity')}
        </button>
      </div>
    </section>
  );
}
