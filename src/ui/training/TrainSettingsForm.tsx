import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../state/store';
import { resetTrainSettings, updateTrainSettings } from '../../state/trainingController';
import { TRAINING_LIMITS, checkTrainingSettings, type TrainingSettings } from '../../shared/training';
import { SettingHelp } from '../teach/SettingHelp';
import { helpId } from '../teach/help';

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
      aria-describedby={helpId(k)}
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
      aria-describedby={helpId(k)}
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

function Check({ k, disabled }: { k: 'flip' | 'rotateShift' | 'brightnessContrast' | 'earlyStopping' | 'grayscale'; disabled: boolean }) {
  const { t } = useTranslation('teach');
  const value = useStudio((s) => Boolean(s.trainSettings?.[k]));
  return (
    <div className="setting-field">
      <label className="check-row">
        <input type="checkbox" checked={value} disabled={disabled} data-testid={`setting-${k}`} aria-describedby={helpId(k)} onChange={(e) => updateTrainSettings({ [k]: e.target.checked })} />
        <span>{t(`settings.label.${k}`)}</span>
      </label>
      <SettingHelp k={k} />
    </div>
  );
}

/** One labelled setting with its help text below. */
function Field({ k, children }: { k: keyof TrainingSettings; children: React.ReactNode }) {
  const { t } = useTranslation('teach');
  return (
    <div className="setting-field">
      <label>
        <span>{t(`settings.label.${k}`)}</span>
        {children}
      </label>
      <SettingHelp k={k} />
    </div>
  );
}

/** Training settings: sensible defaults up front, the rest one click away; each with its help text. */
export function TrainSettingsForm() {
  const { t } = useTranslation('teach');
  const s = useStudio((st) => st.trainSettings);
  const d = useStudio((st) => st.trainDefaults);
  const status = useStudio((st) => st.trainStatus);
  if (!s) return <p className="muted">{t('settings.loading')}</p>;
  const disabled = status !== 'idle';
  const problem = checkTrainingSettings(s);
  const changed = d && JSON.stringify(d) !== JSON.stringify(s);
  return (
    <div className="train-settings" data-testid="train-settings">
      <div className="settings-grid">
        <Field k="inputSize">
          <Select k="inputSize" options={[32, 48, 64, 96, 128, 160, 224]} disabled={disabled} format={(v) => t('settings.px', { n: v })} />
        </Field>
        <Field k="epochs">
          <NumberInput k="epochs" value={s.epochs} disabled={disabled} />
        </Field>
        <Field k="width">
          <Select k="width" options={[4, 8, 16, 32]} disabled={disabled} />
        </Field>
        <Field k="depth">
          <Select k="depth" options={[2, 3, 4, 5]} disabled={disabled} />
        </Field>
        <Field k="batchSize">
          <Select k="batchSize" options={[8, 16, 32, 64]} disabled={disabled} />
        </Field>
        <Field k="learningRate">
          <NumberInput k="learningRate" value={s.learningRate} step={0.0005} disabled={disabled} />
        </Field>
        <Field k="validationFraction">
          <Select k="validationFraction" options={[0.1, 0.15, 0.2, 0.25, 0.3]} disabled={disabled} format={(v) => new Intl.NumberFormat(undefined, { style: 'percent' }).format(v)} />
        </Field>
        <Field k="resize">
          <Select k="resize" options={['stretch', 'centerCrop']} disabled={disabled} format={(v) => t(v === 'stretch' ? 'settings.stretch' : 'settings.centerCrop')} />
        </Field>
      </div>
      <details className="more-settings" data-testid="more-settings">
        <summary>{t('settings.more')}</summary>
        <div className="checks">
          <Check k="flip" disabled={disabled} />
          <Check k="rotateShift" disabled={disabled} />
          <Check k="brightnessContrast" disabled={disabled} />
          <Check k="grayscale" disabled={disabled} />
          <Check k="earlyStopping" disabled={disabled} />
        </div>
        <div className="settings-grid">
          <Field k="patience">
            <NumberInput k="patience" value={s.patience} disabled={disabled || !s.earlyStopping} />
          </Field>
          <Field k="seed">
            <NumberInput k="seed" value={s.seed} disabled={disabled} />
          </Field>
        </div>
      </details>
      {problem && <p className="field-error" role="alert">{problem.title}. {problem.action}</p>}
      {changed && !disabled && (
        <button type="button" className="link" onClick={resetTrainSettings}>{t('settings.reset')}</button>
      )}
    </div>
  );
}
