import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { predictionOf, useStudio } from '../../state/store';
import { fetchActivations, fetchFilters } from '../../state/insidesController';
import type { FilterPatches, LayerActivations } from '../../shared/modelGraph';
import { formatNumber } from '../../shared/readable';
import { ChannelGallery } from './ChannelGallery';

const SHOWN = 48;

/** One feature map drawn in grey, scaled to the layer's own range (so maps of one layer compare). */
function MapCanvas({ values, width, height, lo, hi, label }: { values: Float32Array; width: number; height: number; lo: number; hi: number; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const img = ctx.createImageData(width, height);
    const span = hi - lo || 1;
    for (let i = 0; i < width * height; i++) {
      const g = Math.round((255 * (values[i] - lo)) / span);
      img.data.set([g, g, g, 255], i * 4);
    }
    ctx.putImageData(img, 0, 0);
  }, [values, width, height, lo, hi]);
  return <canvas ref={ref} width={width} height={height} className="insides-map" role="img" aria-label={label} />;
}

function Filters({ f }: { f: FilterPatches }) {
  const { t } = useTranslation('insides');
  return (
    <div className="insides-filters">
      <p className="hint">{t('activations.filters', { layer: f.layer })}</p>
      <div className="insides-grid">
        {Array.from({ length: f.count }, (_, k) => (
          <PatchCanvas key={k} rgba={f.rgba.subarray(k * f.width * f.height * 4, (k + 1) * f.width * f.height * 4)} width={f.width} height={f.height} label={t('activations.channel', { channel: k })} />
        ))}
      </div>
    </div>
  );
}

function PatchCanvas({ rgba, width, height, label }: { rgba: Uint8ClampedArray; width: number; height: number; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(width, height);
    img.data.set(rgba);
    ctx.putImageData(img, 0, 0);
  }, [rgba, width, height]);
  return <canvas ref={ref} width={width} height={height} className="insides-patch" role="img" aria-label={label} />;
}

/**
 * A layer's activations for the selected image (data-testid="activations"): its feature maps, strongest
 * mean first, each with its mean and its Grad-CAM weight for the class being explained (chosen, else predicted); for the first
 * convolution, its filters too.
 */
export function LayerActivationsView({ layer }: { layer: string }) {
  const { t } = useTranslation('insides');
  const imageId = useStudio((s) => s.selectedId);
  const image = useStudio((s) => s.images.find((i) => i.id === s.selectedId) ?? null);
  const prediction = useStudio((s) => predictionOf(s, s.selectedId));
  // The class being explained: the one chosen in Explain's class list, else the predicted one.
  const chosen = useStudio((s) => s.target);
  // The engine runs one job at a time: during a training run the request waits for the run to end.
  const training = useStudio((s) => s.trainStatus !== 'idle');
  const target = prediction ? (chosen ?? prediction.top) : null;
  const [result, setResult] = useState<{ key: string; a: LayerActivations } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filters, setFilters] = useState<FilterPatches | null>(null);
  const key = `${imageId}|${layer}|${target}`;
  // classviews: the channel whose most exciting images are shown (clicking a map chooses it)
  const [picked, setPicked] = useState<{ layer: string; channel: number } | null>(null);
  const channel = picked?.layer === layer ? picked.channel : null;
  const pick = (c: number) => setPicked({ layer, channel: c });

  useEffect(() => {
    if (!imageId) return;
    let live = true;
    setError(null);
    fetchActivations(imageId, layer, target).then(
      (a) => live && setResult({ key, a }),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    fetchFilters().then(
      (f) => live && setFilters(f && f.layer === layer ? f : null),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [imageId, layer, target, key]);

  if (!imageId) return <p className="hint">{t('activations.noImage')}</p>;
  const a = result?.key === key ? result.a : null;
  const label = target !== null && prediction ? (prediction.labels[target] ?? String(target)) : '';
  let lo = Infinity;
  let hi = -Infinity;
  if (a)
    for (const v of a.maps) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  const shown = a ? a.summary.slice(0, SHOWN) : [];
  return (
    <section className="insides-activations" data-testid="activations" data-layer={layer} aria-live="polite">
      <h3>{t('activations.title', { layer, image: image?.name ?? '' })}</h3>
      {error && <p className="error">{t('activations.failed', { message: error })}</p>}
      {!a && !error && <p className="hint" data-testid="activations-waiting">{training ? t('activations.waitTraining') : t('activations.computing')}</p>}
      {a && <p className="hint">{a.height * a.width > 1 ? (a.target !== null && label ? t('activations.sorted', { shown: shown.length, count: a.channels, label }) : t('activations.sortedNoClass', { shown: shown.length, count: a.channels })) : t('activations.vector', { shown: shown.length, count: a.channels })}</p>}
      {a && a.height * a.width > 1 && (
        <ol className="insides-grid">
          {shown.map((s) => (
            <li key={s.channel} data-channel={s.channel} className={channel === s.channel ? 'picked' : undefined} onClick={() => pick(s.channel)}>
              <MapCanvas values={a.maps.subarray(s.channel * a.height * a.width, (s.channel + 1) * a.height * a.width)} width={a.width} height={a.height} lo={lo} hi={hi} label={t('activations.channel', { channel: s.channel })} />
              <span>{t('activations.channel', { channel: s.channel })}</span>
              <span>{t('activations.mean', { value: formatNumber(s.mean) })}</span>
              {s.weight !== null && <span className={s.weight > 0 ? 'pos' : s.weight < 0 ? 'neg' : 'muted'}>{t('activations.weight', { value: formatNumber(s.weight) })}</span>}
            </li>
          ))}
        </ol>
      )}
      {a && a.height * a.width === 1 && (
        <ol className="insides-units">
          {shown.map((s) => (
            <li key={s.channel} data-channel={s.channel} className={channel === s.channel ? 'picked' : undefined} onClick={() => pick(s.channel)}>
              {t('activations.unit', { unit: s.channel })}: {formatNumber(s.mean)}
            </li>
          ))}
        </ol>
      )}
      {a && <ChannelGallery layer={layer} channels={a.channels} channel={channel} onChannel={pick} />}
      {filters && <Filters f={filters} />}
    </section>
  );
}
