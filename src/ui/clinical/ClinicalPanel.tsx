import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { actions } from '../../state/store';
import { toUserError } from '../../shared/errors';
import type { Attribution, DisplaySettings, ImageInfo, ShownTag, WindowLevel, WindowPreset } from '../../shared/types';
import { readIdentifyingTags } from './clinicalApi';
import { initialDisplay, rememberInitial, requestDisplay, useShownDisplay } from './displayState';
import { formatNumber, sameWindow } from './viewMath';
import './clinical.css';

/** A window bound as typed: to 2 decimals, with a true minus sign. */
const exact = (v: number) => String(Math.round(v * 100) / 100).replace('-', '−');

function sameDisplay(a: DisplaySettings, b: DisplaySettings): boolean {
  return sameWindow(a.window, b.window) && a.invert === b.invert && a.frame === b.frame;
}

/** A test id for a preset: "preset-lung", "preset-from-the-file-1-of-2". */
export function presetTestId(p: WindowPreset): string {
  return `preset-${p.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

/** A number the person types: committed on Enter or when the field loses focus; Escape puts the shown one back. */
function NumberField({ label, value, min, onCommit, testId }: { label: string; value: number; min?: number; onCommit: (v: number) => void; testId: string }) {
  const [text, setText] = useState<string | null>(null);
  const commit = () => {
    if (text === null) return;
    const v = Number(text);
    setText(null);
    if (text.trim() !== '' && Number.isFinite(v) && (min === undefined || v >= min)) onCommit(v);
  };
  return (
    <label>
      <span>{label}</span>
      <input
        type="number"
        value={text ?? String(Math.round(value * 100) / 100)}
        min={min}
        data-testid={testId}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setText(null);
        }}
      />
    </label>
  );
}

/**
 * Window/level and what the file says, for an image with `clinical` (DICOM, 16-bit PNG, TIFF): the
 * current window in modality units, presets (the file's own with their explanation, the modality's, full
 * range), invert, reset, the frame slider of a multi-frame image, the key tags, and the identifying tags
 * on one explicit request (held in this component only: never stored or exported). With `attribution`, it
 * says which window, inversion and frame that map was computed with (its RunRecord.display).
 */
export function ClinicalPanel({ image, attribution }: { image: ImageInfo; attribution?: Attribution | null }) {
  const { t } = useTranslation('clinical');
  // A tag's name in the studio's language (the engine names them in English; an unknown one stays so).
  const tagName = (label: string) => t(`tag.${label}`, { defaultValue: label });
  const display = useShownDisplay(image);
  const clinical = image.clinical;
  const [identifying, setIdentifying] = useState<{ imageId: string; tags: ShownTag[] } | null>(null);
  const [asking, setAsking] = useState(false);
  useEffect(() => rememberInitial(image), [image]);
  if (!clinical || !display) return null;

  const units = clinical.units ? ` ${clinical.units}` : '';
  const set = (patch: Partial<DisplaySettings>) => requestDisplay(image.id, { ...display, ...patch });
  const setWindow = (w: WindowLevel) => set({ window: { center: w.center, width: w.width } });
  const reset = () => {
    const first = initialDisplay(image) ?? clinical.display;
    set({ window: first.window, invert: first.invert });
  };
  const shownIdentifying = identifying?.imageId === image.id ? identifying.tags : null;
  const showIdentifying = async () => {
    setAsking(true);
    try {
      setIdentifying({ imageId: image.id, tags: await readIdentifyingTags(image.id) });
    } catch (err) {
      actions.notify({ kind: 'error', ...toUserError(err) });
    } finally {
      setAsking(false);
    }
  };
  const groups: [WindowPreset['source'], string][] = [
    ['file', t('fromFile')],
    ['modality', clinical.tags.find((tag) => tag.label === 'Modality')?.value ?? t('modality')],
    ['data', t('fromValues')],
  ];

  return (
    <section className="clinical-panel" aria-label={t('panel')} data-testid="clinical-panel">
      <div className="clinical-row">
        <h3>{units ? t('windowUnits', { units: clinical.units }) : t('window')}</h3>
        <NumberField label={t('center')} value={display.window.center} onCommit={(center) => setWindow({ ...display.window, center })} testId="wl-center" />
        <NumberField label={t('width')} value={display.window.width} min={1} onCommit={(width) => setWindow({ ...display.window, width })} testId="wl-width" />
        <output className="muted" data-testid="wl-current" data-center={display.window.center} data-width={display.window.width}>
          {t('shows', { low: exact(display.window.center - display.window.width / 2), high: exact(display.window.center + display.window.width / 2), units })}
        </output>
      </div>
      <div className="clinical-row">
        <label>
          <input type="checkbox" checked={display.invert} data-testid="invert" onChange={(e) => set({ invert: e.target.checked })} />
          <span>{t('invert')}</span>
        </label>
        <button type="button" className="plain-button" onClick={reset} data-testid="wl-reset" title={t('resetTitle')}>
          {t('reset')}
        </button>
        <span className="muted">{t('range', { low: formatNumber(clinical.valueRange[0]), high: formatNumber(clinical.valueRange[1]), units })}</span>
      </div>
      <div className="presets" data-testid="presets">
      {groups.map(([source, title]) => {
        const presets = clinical.presets.filter((p) => p.source === source);
        if (!presets.length) return null;
        return (
          <div key={source} className="preset-group" role="group" aria-label={t('presets', { title })}>
            <span className="muted">{title}</span>
              {presets.map((p) => {
                // The usual CT windows and the full range are named by the engine in English; the file's own are the file's words.
                const name = p.source === 'file' ? p.name : t(`preset.${p.name}`, { defaultValue: p.name });
                const explanation = p.source === 'data' ? t('preset.fullRangeExplanation') : p.explanation;
                return (
                  <button
                    key={`${p.name}/${p.center}/${p.width}`}
                    type="button"
                    aria-pressed={sameWindow(display.window, p)}
                    data-testid={presetTestId(p)}
                    title={t(explanation ? 'presetTitleExplained' : 'presetTitle', { name, explanation, center: formatNumber(p.center), width: formatNumber(p.width), units })}
                    aria-label={t(explanation ? 'presetLabelExplained' : 'presetLabel', { name, explanation, center: formatNumber(p.center), width: formatNumber(p.width), units })}
                    onClick={() => setWindow(p)}
                  >
                    {p.source === 'file' && explanation ? explanation : name} <span className="muted">{formatNumber(p.width)}/{formatNumber(p.center)}</span>
                  </button>
                );
              })}
          </div>
        );
      })}
      </div>
      {clinical.frameCount > 1 && (
        <div className="clinical-row">
          <label htmlFor={`frame-${image.id}`}>{t('frame')}</label>
          <input
            id={`frame-${image.id}`}
            type="range"
            min={1}
            max={clinical.frameCount}
            step={1}
            value={display.frame + 1}
            data-testid="frame"
            aria-valuetext={t('frameOf', { frame: display.frame + 1, count: clinical.frameCount })}
            onChange={(e) => set({ frame: Number(e.target.value) - 1 })}
          />
          <output data-testid="frame-label">
            {t('frameCount', { frame: display.frame + 1, count: clinical.frameCount })}
          </output>
          <span className="muted">{t('frameNote')}</span>
        </div>
      )}
      {attribution?.run.display && (
        <p className="meta" data-testid="map-window" data-center={attribution.run.display.window.center} data-width={attribution.run.display.window.width}>
          {t('mapWindow', {
            center: exact(attribution.run.display.window.center),
            width: exact(attribution.run.display.window.width),
            units,
            details: (attribution.run.display.invert ? t('mapInverted') : '') + (clinical.frameCount > 1 ? t('mapFrame', { frame: attribution.run.display.frame + 1 }) : ''),
            end: sameDisplay(attribution.run.display, display) ? t('mapSame') : t('mapStale'),
          })}
        </p>
      )}
      <p className="muted model-note" data-testid="model-note">
        {clinical.frameCount > 1 ? t('modelNoteFrames') : t('modelNote')}
      </p>
      <details className="tags-details" open>
        <summary>{t('keyTags')}</summary>
        <dl className="tags" data-testid="clinical-tags">
          {clinical.tags.map((tag) => (
            <div key={tag.label}>
              <dt>{tagName(tag.label)}</dt>
              <dd>{tag.value}</dd>
            </div>
          ))}
        </dl>
      </details>
      {clinical.hasIdentifyingTags &&
        (shownIdentifying ? (
          <div className="identifying" data-testid="identifying-tags">
            <p className="meta">{t('identifyingNote')}</p>
            <dl className="tags">
              {shownIdentifying.map((tag) => (
                <div key={tag.label}>
                  <dt>{tagName(tag.label)}</dt>
                  <dd>{tag.value}</dd>
                </div>
              ))}
            </dl>
            <button type="button" className="plain-button" onClick={() => setIdentifying(null)} data-testid="hide-identifying">
              {t('hideIdentifying')}
            </button>
          </div>
        ) : (
          <p className="clinical-row">
            <button type="button" className="plain-button" onClick={showIdentifying} disabled={asking} data-testid="show-identifying">
              {t('showIdentifying')}
            </button>
            <span className="muted">{t('identifyingHidden')}</span>
          </p>
        ))}
    </section>
  );
}
