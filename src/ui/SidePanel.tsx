import { useCallback, useRef, useState } from 'react';
import { actions, predictionOf, useStudio } from '../state/store';
import { ProbabilityChart } from './charts/ProbabilityChart';
import { OptionsForm } from './OptionsForm';
import { formatProbability } from '../shared/readable';
import { effectiveScore, SCORE_CHOICES, type ScoreChoice } from '../state/scoreChoice';
import { oodBanner, saturationNote } from './predictionText';
import { ChartTable } from './a11y/ChartTable';
import { useTranslation } from 'react-i18next';
import { InsideNow } from './insides/InsideNow';

export function SidePanel() {
  const { t } = useTranslation('a11y');
  const selectedId = useStudio((s) => s.selectedId);
  const target = useStudio((s) => s.target);
  const model = useStudio((s) => s.model);
  const origin = useStudio((s) => s.modelOrigin);
  const methods = useStudio((s) => s.methods);
  const methodId = useStudio((s) => s.methodId);
  const image = useStudio((s) => s.images.find((i) => i.id === s.selectedId));
  const onSelect = useCallback((c: number) => actions.setTarget(c), []);
  const current = useStudio((s) => predictionOf(s, s.selectedId));
  const cls = target ?? current?.top ?? 0;
  const method = methods.find((m) => m.id === methodId);
  const scoreChoice = useStudio((s) => s.scoreChoice);
  const score = effectiveScore(scoreChoice, current?.probabilities[cls]);
  const saturated = current ? saturationNote(current.labels[cls] ?? `class ${cls}`, current.probabilities[cls], score, Boolean(method?.followsScoreChoice)) : null;
  const ood = oodBanner(current?.ood);
  // The method menu runs on commit (WCAG 3.2.2 on input): arrowing through the closed menu only marks a choice,
  // Enter or leaving the menu runs it; a pick with the mouse (no arrow key before the change) runs at once.
  const [pendingMethod, setPendingMethod] = useState<string | null>(null);
  const arrowed = useRef(false);
  const commitMethod = (id: string | null) => {
    setPendingMethod(null);
    if (id !== null && id !== useStudio.getState().methodId) actions.setMethod(id);
  };
  return (
    <aside className="side panel" aria-label={t('side.prediction')}>
      <div className="panel-head">
        <h2>{t('side.prediction')}</h2>
        {model && <span className="muted">{model.name.split(':')[0]}</span>}
      </div>
      {current ? (
        <>
          <p className="verdict" data-testid="top-class">
            {t('side.says')} <strong>{current.labels[current.top]}</strong> ({formatProbability(current.probabilities[current.top])})
            {image?.trueLabel && <span className="muted"> · {t('side.trueLabel', { label: image.trueLabel })}</span>}
          </p>
          {ood && (
            <div className={`ood-verdict ${ood.tone}`} role={ood.tone === 'warn' ? 'alert' : undefined} data-testid="ood-verdict" data-status={current.ood?.status}>
              <strong>{ood.heading}.</strong> {ood.sentence}
            </div>
          )}
          <ProbabilityChart prediction={current} selected={cls} onSelect={onSelect} />
          <ChartTable caption={t('table.probCaption')} columns={[t('table.class'), t('table.probability')]} rows={current.labels.map((l, i) => [l, formatProbability(current.probabilities[i])])} testId="prob-table" />
          {model?.multiLabel && (
            <p className="muted hint" data-testid="independent-note">
              {t('side.independent')}
            </p>
          )}
          <label className="control">
            <span>{t('side.explainClass')}</span>
            <select data-testid="class-select" value={cls} onChange={(e) => actions.setTarget(Number(e.target.value))}>
              {current.labels.map((l, i) => (
                <option key={l} value={i}>
                  {l}{i === current.top ? ` ${t('side.top')}` : ''}
                </option>
              ))}
            </select>
          </label>
          <p className="muted hint">{t('side.askWhy', { label: current.labels[cls] })}</p>
          {saturated && <p className="warn saturation-note" data-testid="saturation-note">{saturated}</p>}
          <label className="control">
            <span>{t('side.explain')}</span>
            <select data-testid="score-choice" value={scoreChoice} onChange={(e) => actions.setScoreChoice(e.target.value as ScoreChoice)}>
              {SCORE_CHOICES.map((c) => (
                <option key={c.value} value={c.value}>{c.label}</option>
              ))}
            </select>
            <span className="method-summary" data-testid="score-now">
              {method && !method.followsScoreChoice
                ? t('side.alwaysLogit', { method: method.label })
                : t(score === 'logit' ? 'side.nowLogit' : 'side.nowProbability', { label: current.labels[cls] })}
            </span>
          </label>
        </>
      ) : (
        <p className="muted">{selectedId ? t('side.predicting') : t('side.noImage')}</p>
      )}
      {methods.length > 1 && (
        <label className="control">
          <span>{t('side.method')}</span>
          <select
            data-testid="method-select"
            value={pendingMethod ?? methodId}
            onKeyDown={(e) => {
              arrowed.current = ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown'].includes(e.key) || (e.key.length === 1 && e.key !== ' ');
              if (e.altKey) arrowed.current = false;
              if (e.key === 'Enter' && pendingMethod !== null) {
                e.preventDefault();
                commitMethod(pendingMethod);
              }
            }}
            onChange={(e) => {
              if (arrowed.current) setPendingMethod(e.target.value);
              else commitMethod(e.target.value);
              arrowed.current = false;
            }}
            onBlur={() => pendingMethod !== null && commitMethod(pendingMethod)}
          >
            {(['cam', 'gradient', 'perturbation'] as const).map((kind) => (
              <optgroup key={kind} label={t(`side.kind.${kind}`)}>
                {methods.filter((m) => m.compatible && m.kind === kind).map((m) => (
                  <option key={m.id} value={m.id}>{m.label}</option>
                ))}
              </optgroup>
            ))}
          </select>
          {method && <span className="method-summary">{method.summary}</span>}
        </label>
      )}
      {method && <OptionsForm key={method.id} method={method} />}
      {method && (
        <details className="about" open>
          <summary>{t('side.whatIsThis')}</summary>
          <p>{method.about}</p>
        </details>
      )}
      {model?.defaultCamLayer && <InsideNow key={model.defaultCamLayer} layer={model.defaultCamLayer} />}
      {model && (
        <details className="about">
          <summary>{t('side.aboutModel')}</summary>
          <p>
            {t('side.modelFacts', { shape: model.inputShape.slice(1).join('×'), params: model.params.toLocaleString(), labels: model.labels.join(', ') })}
            {model.testAccuracy !== undefined && ` ${t('side.heldOut', { pct: (model.testAccuracy * 100).toFixed(1) })}`}
            {' '}{t('side.camLayer', { layer: model.defaultCamLayer ?? t('side.none') })}
          </p>
          {(origin === null || origin.metadata.source === 'demo') && <p className="muted">{t('side.demoNote')}</p>}
          {origin?.metadata.source === 'trained' && <p className="muted">{origin.metadata.validationAccuracy !== undefined ? t('side.trainedHere', { pct: (origin.metadata.validationAccuracy * 100).toFixed(1) }) : t('side.trainedHereNoVal')}</p>}
        </details>
      )}
    </aside>
  );
}
