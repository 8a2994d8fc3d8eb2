import { useState } from 'react';
import type { ModelMetadata, ModelSummary, Preprocessing, ScaleMode } from '../../shared/types';
import { updateCurrentModel } from '../../state/activeModelController';

const SCALES: { value: ScaleMode; label: string }[] = [
  { value: 'zeroOne', label: '[0, 1]: x / 255' },
  { value: 'minusOneOne', label: '[-1, 1]: x / 127.5 - 1 (MobileNet, Teachable Machine)' },
  { value: 'meanStd', label: 'mean/std per channel: (x / 255 - mean) / std' },
  { value: 'raw255', label: 'raw 0-255 (the model rescales itself)' },
];

const IMAGENET = { mean: [0.485, 0.456, 0.406] as [number, number, number], std: [0.229, 0.224, 0.225] as [number, number, number] };

function Triple({ label, value, onChange, testId }: { label: string; value: [number, number, number]; onChange: (v: [number, number, number]) => void; testId: string }) {
  return (
    <label className="triple">
      <span>{label}</span>
      {value.map((v, i) => (
        <input
          key={i}
          type="number"
          step={0.001}
          value={v}
          aria-label={`${label} channel ${i + 1}`}
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
        <legend>Class labels, in the order of the model's outputs</legend>
        <ol className="label-list">
          {labels.map((l, i) => (
            <li key={i}>
              <input value={l} aria-label={`Label of output ${i + 1}`} data-testid="label-input" onChange={(e) => setLabels(labels.map((x, j) => (j === i ? e.target.value : x)))} />
            </li>
          ))}
        </ol>
      </fieldset>
      <fieldset>
        <legend>Preprocessing: how an image becomes the model's input</legend>
        <div className="settings-grid">
          <label>
            <span>Input width</span>
            <input type="number" value={prep.width} disabled={fixedSize} data-testid="prep-width" onChange={(e) => set({ width: Number(e.target.value) })} />
          </label>
          <label>
            <span>Input height</span>
            <input type="number" value={prep.height} disabled={fixedSize} data-testid="prep-height" onChange={(e) => set({ height: Number(e.target.value) })} />
          </label>
          <label>
            <span>Resize</span>
            <select value={prep.resize} data-testid="prep-resize" onChange={(e) => set({ resize: e.target.value as Preprocessing['resize'] })}>
              <option value="stretch">stretch to the input size</option>
              <option value="centerCrop">centre crop, then resize</option>
            </select>
          </label>
          <label>
            <span>Colour</span>
            {c === 1 ? (
              <select value="gray" disabled><option value="gray">grayscale (1-channel model)</option></select>
            ) : (
              <select
                value={prep.grayscale ? 'gray' : prep.channelOrder === 'bgr' ? 'bgr' : 'rgb'}
                data-testid="prep-grayscale"
                title="BGR: for models trained on images loaded with OpenCV or Caffe (Keras' caffe-style VGG and ResNet50)"
                onChange={(e) => set({ grayscale: e.target.value === 'gray', channelOrder: e.target.value === 'bgr' ? 'bgr' : 'rgb' })}
              >
                <option value="rgb">RGB colour</option>
                <option value="bgr">BGR colour (OpenCV, Caffe)</option>
                <option value="gray">grayscale (grey copied to R, G and B)</option>
              </select>
            )}
          </label>
        </div>
        <label className="scale-row">
          <span>Scaling</span>
          <select value={prep.scale} data-testid="prep-scale" onChange={(e) => set({ scale: e.target.value as ScaleMode, ...(e.target.value === 'meanStd' && !prep.mean ? IMAGENET : {}) })}>
            {SCALES.map((s) => (
              <option key={s.value} value={s.value}>{s.label}</option>
            ))}
          </select>
        </label>
        {prep.scale === 'meanStd' && (
          <div className="triples">
            <Triple label="mean" value={prep.mean ?? IMAGENET.mean} onChange={(v) => set({ mean: v })} testId="prep-mean" />
            <Triple label="std" value={prep.std ?? IMAGENET.std} onChange={(v) => set({ std: v })} testId="prep-std" />
          </div>
        )}
        {fixedSize && <p className="muted hint">The model fixes its input at {w} × {h} × {c}.</p>}
      </fieldset>
      <div className="editor-actions">
        <button type="submit" className="primary" data-testid="apply-metadata" disabled={!dirty && !meta.needsReview}>
          {meta.needsReview && !dirty ? 'Confirm' : 'Apply'}
        </button>
        {dirty && (
          <button type="button" className="link" onClick={() => { setLabels(meta.labels); setPrep(meta.preprocessing); }}>Undo changes</button>
        )}
        <span className="muted">{inLibrary ? 'Kept with the saved model.' : 'Save the model to the library to keep these settings.'}</span>
      </div>
    </form>
  );
}
