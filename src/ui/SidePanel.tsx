import { useCallback, useRef, useState } from 'react';
import { actions, useStudio } from '../state/store';
import { ProbabilityChart } from './charts/ProbabilityChart';
import { OptionsForm } from './OptionsForm';
import { formatProbability } from '../shared/readable';
import { effectiveScore, SCORE_CHOICES, type ScoreChoice } from '../state/scoreChoice';
import { oodBanner, saturationNote } from './predictionText';

export function SidePanel() {
  const prediction = useStudio((s) => s.prediction);
  const predictionFor = useStudio((s) => s.predictionFor);
  const selectedId = useStudio((s) => s.selectedId);
  const target = useStudio((s) => s.target);
  const model = useStudio((s) => s.model);
  const origin = useStudio((s) => s.modelOrigin);
  const methods = useStudio((s) => s.methods);
  const methodId = useStudio((s) => s.methodId);
  const image = useStudio((s) => s.images.find((i) => i.id === s.selectedId));
  const onSelect = useCallback((c: number) => actions.setTarget(c), []);
  const current = prediction && predictionFor?.startsWith(`${selectedId}@`) ? prediction : null;
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
    <aside className="side panel" aria-label="Prediction">
      <div className="panel-head">
        <h2>Prediction</h2>
        {model && <span className="muted">{model.name.split(':')[0]}</span>}
      </div>
      {current ? (
        <>
          <p className="verdict" data-testid="top-class">
            The model says <strong>{current.labels[current.top]}</strong> ({formatProbability(current.probabilities[current.top])})
            {image?.trueLabel && <span className="muted"> · true label: {image.trueLabel}</span>}
          </p>
          {ood && (
            <div className={`ood-verdict ${ood.tone}`} role={ood.tone === 'warn' ? 'alert' : undefined} data-testid="ood-verdict" data-status={current.ood?.status}>
              <strong>{ood.heading}.</strong> {ood.sentence}
            </div>
          )}
          <ProbabilityChart prediction={current} selected={cls} onSelect={onSelect} />
          {model?.multiLabel && (
            <p className="muted hint" data-testid="independent-note">
              Each class has its own probability (the model ends in a sigmoid per class, multi-label): they are independent and need not add up to 100%.
            </p>
          )}
          <label className="control">
            <span>Explain the class</span>
            <select data-testid="class-select" value={cls} onChange={(e) => actions.setTarget(Number(e.target.value))}>
              {current.labels.map((l, i) => (
                <option key={l} value={i}>
                  {l}{i === current.top ? ' (top)' : ''}
                </option>
              ))}
            </select>
          </label>
          <p className="muted hint">Ask “why {current.labels[cls]}?” — pick any class, not only the top one.</p>
          {saturated && <p className="warn saturation-note" data-testid="saturation-note">{saturated}</p>}
          <label className="control">
            <span>Explain</span>
            <select data-testid="score-choice" value={scoreChoice} onChange={(e) => actions.setScoreChoice(e.target.value as ScoreChoice)}>
              {SCORE_CHOICES.map((c) => (
                <option key={c.value} value={c.value}>{c.label}</option>
              ))}
            </select>
            <span className="method-summary" data-testid="score-now">
              {method && !method.followsScoreChoice
                ? `${method.label} always reads the logit (log-odds), the class score before the output layer.`
                : `Now explaining the ${score === 'logit' ? 'logit (log-odds)' : 'probability'} of “${current.labels[cls]}”.`}
            </span>
          </label>
        </>
      ) : (
        <p className="muted">{selectedId ? 'Predicting…' : 'No image selected.'}</p>
      )}
      {methods.length > 1 && (
        <label className="control">
          <span>Method</span>
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
              <optgroup key={kind} label={{ cam: 'Class activation maps', gradient: 'Gradients', perturbation: 'Perturbation' }[kind]}>
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
          <summary>What am I looking at?</summary>
          <p>{method.about}</p>
        </details>
      )}
      {model && (
        <details className="about">
          <summary>About this model</summary>
          <p>
            Input {model.inputShape.slice(1).join('×')}, {model.params.toLocaleString()} parameters, classes: {model.labels.join(', ')}.
            {model.testAccuracy !== undefined && ` Held-out accuracy ${(model.testAccuracy * 100).toFixed(1)}%.`}
            {' '}CAM layer: {model.defaultCamLayer ?? 'none'}.
          </p>
          {(origin === null || origin.metadata.source === 'demo') && <p className="muted">The demo model is trained on synthetic tissue pictures. It is a teaching model, not a medical device.</p>}
          {origin?.metadata.source === 'trained' && <p className="muted">Trained in this browser{origin.metadata.validationAccuracy !== undefined ? `; ${(origin.metadata.validationAccuracy * 100).toFixed(1)}% on its held-out validation images` : ''}. Manage it under Models.</p>}
        </details>
      )}
    </aside>
  );
}
