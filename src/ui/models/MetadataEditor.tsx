import { useState } from 'react';
import type { ModelMetadata, ModelSummary, Preprocessing, ScaleMode } from '../../shared/types';
import { useTranslation } from 'react-i18next';
import { updateCurrentModel } from '../../state/activeModelController';

const SCALES: ScaleMode[] = ['zeroOne', 'minusOneOne', 'meanStd', 'raw255'];

const IMAGENET = { mean: [0.485, 0.456, 0.406] as [number, number, number], std: [0.229, 0.224, 0.225] as [number, number, number] };

function Triple({ label, value, onChange, testId }: { label: string; value: [number, number, number]; onChange: (v: [number, number, number]) => void; testId: string }) {
  const { t } = useTranslation('phone');
  return (
    <label className="triple">
      <span>{label}</span>
      {value.map((v, i) => (
        <input
          key={i}
          type="number"
          step={0.001}
          value={v}
          aria-label={t('meta.channel', { what: label, n: i + 1 })}
          data-testid={`${testId}-${i}`}
          onChange={(e) => {
            const next = [...value] as [number, number, number];
            next[i] = Number(e.target.value);
            onChange(next);
          }}
        />
      ))}
    </label>
  );
}

/**
 * Labels and preprocessing of the active model, for when metadata.json was missing or wrong. Apply
 * checks them in the worker and, for a saved model, keeps them in the library with it.
 */
export function MetadataEditor({ meta, model, inLibrary }: { meta: ModelMetadata; model: ModelSummary; inLibrary: boolean }) {
  const { t } = useTranslation('phone');
  const [labels, setLabels] = useState(meta.labels);
  const [prep, setPrep] = useState<Preprocessing>(meta.preprocessing);
  const [, h, w, c] = model.inputShape;
  const fixedSize = h > 0 && w > 0;
  const dirty = JSON.stringify(labels) !== JSON.stringify(meta.labels) || JSON.stringify(prep) !== JSON.stringify(meta.preprocessing);
  const set = (p: Partial<Preprocessing>) => setPrep((old) => ({ ...old, ...p }));
  return (
    <form
      className="meta-editor"
      data-testid="metadata-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void updateCurrentModel({ labels, preprocessing: prep });
      }}
    >
      <fieldset>
        <legend>{t('meta.labelsLegend')}</legend>
        <ol className="label-list">
          {labels.map((l, i) => (
            <li key={i}>
              <input value={l} aria-label={t('meta.labelOf', { n: i + 1 })} data-testid="label-input" onChange={(e) => setLabels(labels.map((x, j) => (j === i ? e.target.value : x)))} />
            </li>
          ))}
        </ol>
      </fieldset>
      <fieldset>
        <legend>{t('meta.prepLegend')}</legend>
        <div className="settings-grid">
          <label>
            <span>{t('meta.width')}</span>
            <input type="number" value={prep.width} disabled={fixedSize} data-testid="prep-width" onChange={(e) => set({ width: Number(e.target.value) })} />
          </label>
          <label>
            <span>{t('meta.height')}</span>
            <input type="number" value={prep.height} disabled={fixedSize} data-testid="prep-height" onChange={(e) => set({ height: Number(e.target.value) })} />
          </label>
          <label>
            <span>{t('meta.resize')}</span>
            <select value={prep.resize} data-testid="prep-resize" onChange={(e) => set({ resize: e.target.value as Preprocessing['resize'] })}>
              <option value="stretch">{t('meta.stretch')}</option>
              <option value="centerCrop">{t('meta.centerCrop')}</option>
            </select>
          </label>
          <label>
            <span>{t('meta.colour')}</span>
            {c === 1 ? (
              <select value="gray" disabled><option value="gray">{t('meta.gray1')}</option></select>
            ) : (
              <select
                value={prep.grayscale ? 'gray' : prep.channelOrder === 'bgr' ? 'bgr' : 'rgb'}
                data-testid="prep-grayscale"
                title={t('meta.bgrTitle')}
                onChange={(e) => set({ grayscale: e.target.value === 'gray', channelOrder: e.target.value === 'bgr' ? 'bgr' : 'rgb' })}
              >
                <option value="rgb">{t('meta.rgb')}</option>
                <option value="bgr">{t('meta.bgr')}</option>
                <option value="gray">{t('meta.gray3')}</option>
              </select>
            )}
          </label>
        </div>
        <label className="scale-row">
          <span>{t('meta.scaling')}</span>
          <select value={prep.scale} data-testid="prep-scale" onChange={(e) => set({ scale: e.target.value as ScaleMode, ...(e.target.value === 'meanStd' && !prep.mean ? IMAGENET : {}) })}>
            {SCALES.map((s) => (
              <option key={s} value={s}>{t(`meta.scale.${s}`)}</option>
            ))}
          </select>
        </label>
        {prep.scale === 'meanStd' && (
          <div className="triples">
            <Triple label={t('meta.mean')} value={prep.mean ?? IMAGENET.mean} onChange={(v) => set({ mean: v })} testId="prep-mean" />
            <Triple label={t('meta.std')} value={prep.std ?? IMAGENET.std} onChange={(v) => set({ std: v })} testId="prep-std" />
          </div>
        )}
        {fixedSize && <p className="muted hint">{t('meta.fixed', { w, h, c })}</p>}
      </fieldset>
      <div className="editor-actions">
        <button type="submit" className="primary" data-testid="apply-metadata" disabled={!dirty && !meta.needsReview}>
          {meta.needsReview && !dirty ? t('meta.confirm') : t('meta.apply')}
        </button>
        {dirty && (
          <button type="button" className="link" onClick={() => { setLabels(meta.labels); setPrep(meta.preprocessing); }}>{t('meta.undo')}</button>
        )}
        <span className="muted">{inLibrary ? t('meta.kept') : t('meta.saveToKeep')}</span>
      </div>
    </form>
  );
}
