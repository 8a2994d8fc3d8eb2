import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../state/store';
import { fetchChannelGallery } from '../../state/insidesController';
import { toUserError } from '../../shared/errors';
import type { ChannelGallery as Gallery } from '../../shared/classViews';
import type { Progress } from '../../shared/types';
import { formatNumber } from '../../shared/readable';
import { PixelCanvas } from '../Thumb';
import { actions } from '../../state/store';
import { showView } from '../../state/views';
import { numberError } from '../optionsForm';

/** Selects a gallery image and shows it in the Explain view, with the image's view in sight (the Models page was scrolled down). */
function openInExplain(imageId: string): void {
  actions.select(imageId);
  showView('explain');
  requestAnimationFrame(() => document.querySelector('.viewer')?.scrollIntoView?.({ block: 'start' }));
}

const TOP = 6;

/**
 * The images that excite one channel of a layer most (data-testid="channel-gallery"): every image the studio
 * holds ranked by the channel's mean activation, the strongest TOP with thumbnails and values, and how many
 * were ranked. `channel` null: only the picker and a hint. The engine keeps every channel's means per layer,
 * so choosing another channel answers at once.
 */
export function ChannelGallery({ layer, channels, channel, onChannel }: { layer: string; channels: number; channel: number | null; onChannel: (c: number) => void }) {
  const { t } = useTranslation('classviews');
  // The gallery's contents: a new, removed or re-windowed image changes the ranking.
  const galleryKey = useStudio((s) => s.images.map((i) => `${i.id}:${i.thumb?.data.length ?? 0}:${i.background ?? ''}:${i.clinical ? JSON.stringify(i.clinical) : ''}`).join('|') + `#${s.trainOutcome?.validation.map((v) => v.image.id).join('|') ?? ''}`);
  const ids = useStudio((s) => s.images.map((i) => i.id).join('|'));
  const inGallery = new Set(ids.split('|'));
  const [result, setResult] = useState<{ key: string; g: Gallery } | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = `${layer}|${channel}|${galleryKey}`;

  useEffect(() => {
    if (channel === null) return;
    let live = true;
    setError(null);
    setProgress(null);
    fetchChannelGallery(layer, channel, TOP, (p) => live && setProgress(p)).then(
      (g) => live && setResult({ key, g }),
      (e: unknown) => {
        if (!live) return;
        const u = toUserError(e);
        setError(`${u.title}. ${u.detail}`);
      },
    );
    return () => {
      live = false;
    };
  }, [layer, channel, key]);

  const g = result?.key === key ? result.g : null;
  return (
    <section className="channel-gallery" data-testid="channel-gallery" data-layer={layer} data-channel={channel ?? ''} aria-live="polite">
      <div className="channel-gallery-head">
        <h4>{channel === null ? t('channel.pick') : t('channel.title', { layer, channel })}</h4>
        <label>
          {t('channel.pick')}{' '}
          <ChannelField channel={channel} channels={channels} onChannel={onChannel} />
        </label>
      </div>
      {channel === null && <p className="hint">{t('channel.pickHint')}</p>}
      {channel !== null && error && <p className="error">{t('channel.failed', { message: error })}</p>}
      {channel !== null && !g && !error && <p className="hint">{progress && progress.total > 0 ? t('channel.computing', { done: progress.done, total: progress.total }) : t('channel.computingStart')}</p>}
      {g && g.ranked === 0 && <p className="hint">{t('channel.none')}</p>}
      {g && g.ranked > 0 && (
        <>
          <p className="hint" data-testid="channel-gallery-ranked" data-ranked={g.ranked}>
            {t('channel.ranked', { count: g.ranked, shown: g.top.length })}
          </p>
          <ol className="channel-gallery-list">
            {g.top.map((img) => (
              <li key={img.imageId} data-testid="channel-gallery-item" data-image-id={img.imageId} data-value={img.value}>
                {inGallery.has(img.imageId) ? (
                  <button type="button" className="class-thumb-button" title={t('channel.open', { name: img.name })} onClick={() => openInExplain(img.imageId)}>
                    <PixelCanvas image={img.thumb} className="channel-gallery-thumb" label={img.name} />
                  </button>
                ) : (
                  <PixelCanvas image={img.thumb} className="channel-gallery-thumb" label={img.name} />
                )}
                <span className="channel-gallery-name" title={img.name}>{img.name}</span>
                <span>{t('channel.value', { value: formatNumber(img.value) })}</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/**
 * The channel number: typed freely (cleared, "40" on the way to "4"), taken on Enter or when the field is left,
 * with the reason next to it when the number is not a channel of the layer (0 to channels - 1).
 */
function ChannelField({ channel, channels, onChannel }: { channel: number | null; channels: number; onChannel: (c: number) => void }) {
  const [text, setText] = useState(channel === null ? '' : String(channel));
  const [shown, setShown] = useState(channel);
  if (shown !== channel) {
    setShown(channel);
    setText(channel === null ? '' : String(channel));
  }
  const error = text.trim() === '' ? null : numberError({ key: 'channel', label: '', type: 'number', min: 0, max: channels - 1, integer: true }, text);
  const commit = () => {
    const v = Number(text);
    if (text.trim() !== '' && !error && v !== channel) onChannel(v);
  };
  return (
    <>
      <input
        type="number"
        data-testid="channel-pick"
        min={0}
        max={channels - 1}
        step={1}
        value={text}
        aria-invalid={Boolean(error)}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      {error && <span className="field-error" data-testid="channel-pick-error">{error}</span>}
    </>
  );
}
