// How far the map on screen can be believed (issue 13): deletion and insertion curves against a random
// ranking, seed stability for sampled methods, and the model-randomisation sanity check on demand. Each
// figure has a badge (good / weak / fails), its plain-language line and the rule that sets the badge.
// The figures come from state/trustController.ts; this component only shows them.

import { useEffect } from 'react';
import { useStudio } from '../../state/store';
import { runSanityCheck, stopTrust, watchTrust } from '../../state/trustController';
import type { ResultCheck } from '../../shared/attribution';
import type { TrustFigures } from '../../shared/trust';
import { CurveChart, SanityChart } from './TrustCharts';
import './trust.css';

const BADGE: Record<NonNullable<ResultCheck['status']>, string> = { ok: 'good', warn: 'weak', fail: 'fails' };

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
  const missing = !Number.isFinite(check.value);
  const incomplete = missing && Boolean(check.status);
  const badge = incomplete ? 'incomplete' : !missing && check.status ? BADGE[check.status] : null;
  return (
    <div className="trust-figure" data-testid={`trust-${check.id}`} data-status={check.status ?? ''}>
      <p className="trust-figure-head">
        {badge && <span className={`trust-badge status-${incomplete ? 'incomplete' : check.status}`} data-testid="trust-badge">{badge}</span>}
        <span className="trust-label">{check.label}</span>
        {missing ? !incomplete && <span className="trust-value muted" data-testid="trust-no-figure">no figure</span> : <span className="trust-value">{num(check.value)}</span>}
      </p>
      {children}
      <p className="trust-sentence">{sentenceOf(check, rule)}</p>
      {rule && <p className="trust-rule muted">Rule: {rule}</p>}
    </div>
  );
}

function progressText(run: NonNullable<ReturnType<typeof useStudio.getState>['trustRun']>): string {
  const p = run.progress;
  const what = run.part === 'sanity' ? 'Sanity check' : 'Measuring';
  if (!p || p.total <= 0) return `${what}…`;
  return `${what}: ${p.stage ?? 'working'} ${Math.round((100 * p.done) / p.total)}%`;
}

/** The trust figures of the explanation `attributionKey` names; nothing of another explanation's. */
export function TrustPanel({ attributionKey }: { attributionKey: string | null }) {
  useEffect(() => watchTrust(), []);
  const stored = useStudio((s) => s.trust);
  const run = useStudio((s) => s.trustRun);
  const stoppedMap = useStudio((s) => Boolean(s.attribution?.run.cancelled));
  const trust: TrustFigures | null = stored && stored.key === attributionKey ? stored : null;
  const running = run && run.key === attributionKey ? run : null;
  const check = (id: string) => trust?.checks.find((c) => c.id === id);
  const rule = (id: string) => trust?.rules?.[id];
  const del = check('deletion-auc');
  const ins = check('insertion-auc');
  const stab = check('stability');
  const sanity = check('randomisation');
  const curveNote = trust?.deletion?.baseline === 'blur' ? 'Removed pixels are replaced by a blurred copy of the image; put-back pixels start from it.' : null;
  return (
    <section className="trust-panel" data-testid="trust-panel" data-state={running ? 'computing' : trust ? 'done' : 'waiting'} aria-label="Can this map be trusted?">
      <h3>Can this map be trusted?</h3>
      {trust?.ood && <p className={trust.ood.status === 'out' ? 'warn' : 'muted meta'} data-testid="trust-ood">{trust.ood.sentence}</p>}
      {trust?.error && (
        <p className="warn" data-testid="trust-error">{trust.error.title}: {trust.error.detail} {trust.error.action}</p>
      )}
      {running && (
        <div className="trust-progress" role="status" data-testid="trust-progress">
          <span className="spinner" aria-hidden="true" />
          <span>{progressText(running)}</span>
          {running.part === 'sanity' && <button className="stop" data-testid="trust-stop" onClick={stopTrust} title="Stop and keep the layers checked so far">Stop</button>}
        </div>
      )}
      {!trust && !running && (
        <p className="muted meta" data-testid="trust-waiting">
          {stoppedMap ? 'This map was stopped early: the figures measure finished maps only. Run it in full to measure it.' : 'The figures appear once the map is finished.'}
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
          <span className="key-line map" aria-hidden="true" /> the map’s order <span className="key-line random" aria-hidden="true" /> a random order. {curveNote}
        </p>
      )}
      {stab && <Figure check={stab} rule={rule('stability')} />}
      <div className="trust-sanity">
        {sanity ? (
          <Figure check={sanity} rule={rule('randomisation')}>
            {trust?.randomisation && trust.randomisation.layers.length > 0 && <SanityChart figure={trust.randomisation} />}
            {trust?.randomisation && trust.randomisation.layers.length > 0 && (
              <p className="muted meta trust-key">
                <span className="key-line map" aria-hidden="true" /> rank correlation ρ <span className="key-line random" aria-hidden="true" /> SSIM{trust.sanityPartial ? ' (stopped early: fewer random draws)' : ''}
              </p>
            )}
          </Figure>
        ) : (
          <p className="muted meta">
            Sanity check (Adebayo et al. 2018): replaces the model’s weights with random ones, layer by layer from the output down, and explains again. A map that explains the model must change; one that stays the same only shows the image.
          </p>
        )}
        <button type="button" className="trust-run" data-testid="sanity-run" onClick={runSanityCheck} disabled={Boolean(run) || !attributionKey || stoppedMap}>
          {sanity ? 'Run the sanity check again' : 'Run the sanity check'}
        </button>
      </div>
    </section>
  );
}
