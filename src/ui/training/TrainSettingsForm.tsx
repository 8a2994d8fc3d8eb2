import { useState } from 'react';
import { useStudio } from '../../state/store';
import { resetTrainSettings, updateTrainSettings } from '../../state/trainingController';
import { TRAINING_LIMITS, checkTrainingSettings, type TrainingSettings } from '../../shared/training';

type NumKey = 'epochs' | 'learningRate' | 'seed' | 'patience';

function NumberInput({ k, value, step, disabled }: { k: NumKey; value: number; step?: number; disabled: boolean }) {
  const [text, setText] = useState(String(value));
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(String(value));
  }
  const commit = () => {
    const n = Number(text);
    if (text.trim() !== '' && Number.isFinite(n) && n !== value) updateTrainSettings({ [k]: n });
    else setText(String(value));
  };
  const limits = k in TRAINING_LIMITS ? TRAINING_LIMITS[k as keyof typeof TRAINING_LIMITS] : undefined;
  return (
    <input
      type="number"
      value={text}
      min={limits?.min}
      max={limits?.max}
      step={step ?? 1}
      disabled={disabled}
      data-testid={`setting-${k}`}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
}

function Select<K extends keyof TrainingSettings>({ k, options, disabled, format }: { k: K; options: TrainingSettings[K][]; disabled: boolean; format?: (v: TrainingSettings[K]) => string }) {
  const value = useStudio((s) => s.trainSettings?.[k]);
  const all = options.includes(value as TrainingSettings[K]) ? options : [...options, value as TrainingSettings[K]];
  return (
    <select
      value={String(value)}
      disabled={disabled}
      data-testid={`setting-${String(k)}`}
      onChange={(e) => {
        const picked = all.find((o) => String(o) === e.target.value);
        if (picked !== undefined) updateTrainSettings({ [k]: picked } as Partial<TrainingSettings>);
      }}
    >
      {all.map((o) => (
        <option key={String(o)} value={String(o)}>{format ? format(o) : String(o)}</option>
      ))}
    </select>
  );
}

function Check({ k, label, disabled, help }: { k: 'flip' | 'rotateShift' | 'brightnessContrast' | 'earlyStopping' | 'grayscale'; label: string; disabled: boolean; help?: string }) {
  const value = useStudio((s) => Boolean(s.trainSettings?.[k]));
  return (
    <label className="check-row" title={help}>
      <input type="checkbox" checked={value} disabled={disabled} data-testid={`setting-${k}`} onChange={(e) => updateTrainSettings({ [k]: e.target.checked })} />
      <span>{label}</span>
    </label>
  );
}

/** Training settings: sensible defaults up front, the rest one click away. */
export function TrainSettingsForm() {
  const s = useStudio((st) => st.trainSettings);
  const d = useStudio((st) => st.trainDefaults);
  const status = useStudio((st) => st.trainStatus);
  if (!s) return <p className="muted">Loading the defaults…</p>;
  const disabled = status !== 'idle';
  const problem = checkTrainingSettings(s);
  const changed = d && JSON.stringify(d) !== JSON.stringify(s);
  return (
    <div className="train-settings" data-testid="train-settings">
      <div className="settings-grid">
        <label>
          <span>Input size</span>
          <Select k="inputSize" options={[32, 48, 64, 96, 128, 160, 224]} disabled={disabled} format={(v) => `${v} × ${v} px`} />
        </label>
        <label>
          <span>Epochs</span>
          <NumberInput k="epochs" value={s.epochs} disabled={disabled} />
        </label>
        <label>
          <span>Width (first filters)</span>
          <Select k="width" options={[4, 8, 16, 32]} disabled={disabled} />
        </label>
        <label>
          <span>Depth (conv blocks)</span>
          <Select k="depth" options={[2, 3, 4, 5]} disabled={disabled} />
        </label>
        <label>
          <span>Batch size</span>
          <Select k="batchSize" options={[8, 16, 32, 64]} disabled={disabled} />
        </label>
        <label>
          <span>Learning rate</span>
          <NumberInput k="learningRate" value={s.learningRate} step={0.0005} disabled={disabled} />
        </label>
        <label>
          <span>Validation share</span>
          <Select k="validationFraction" options={[0.1, 0.15, 0.2, 0.25, 0.3]} disabled={disabled} format={(v) => `${Math.round(v * 100)}%`} />
        </label>
        <label>
          <span>Resize</span>
          <Select k="resize" options={['stretch', 'centerCrop']} disabled={disabled} format={(v) => (v === 'stretch' ? 'stretch to square' : 'centre square crop')} />
        </label>
      </div>
      <details className="more-settings">
        <summary>Augmentation, early stopping, seed</summary>
        <div className="checks">
          <Check k="flip" label="Mirror left-right" disabled={disabled} help="Turn off when left and right differ in meaning (text, X-rays with a side marker)" />
          <Check k="rotateShift" label="Small rotations and shifts" disabled={disabled} />
          <Check k="brightnessContrast" label="Brightness and contrast" disabled={disabled} />
          <Check k="grayscale" label="Train on grayscale" disabled={disabled} />
          <Check k="earlyStopping" label="Stop early when validation stops improving" disabled={disabled} />
        </div>
        <div className="settings-grid">
          <label>
            <span>Patience (epochs)</span>
            <NumberInput k="patience" value={s.patience} disabled={disabled || !s.earlyStopping} />
          </label>
          <label>
            <span>Seed</span>
            <NumberInput k="seed" value={s.seed} disabled={disabled} />
          </label>
        </div>
      </details>
      {problem && <p className="field-error" role="alert">{problem.title}. {problem.action}</p>}
      {changed && !disabled && (
        <button type="button" className="link" onClick={resetTrainSettings}>Reset to defaults</button>
      )}
    </div>
  );
}
