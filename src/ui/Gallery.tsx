import { memo, useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { actions, useStudio } from '../state/store';
import { removeImage } from '../state/controller';
import { loadDropped } from '../state/intakeController';
import { isolateName } from '../shared/names';
import type { ImageInfo } from '../shared/types';
import { ImageFilesInput } from './ImageFilesInput';
import { PixelCanvas } from './Thumb';
import { FileName } from './FileName';
import { BatchButton } from './batch/BatchPanel';
import { rovingIndex } from './a11y/roving';

/**
 * One gallery entry. Memoised: when images arrive, only the new entries render and draw.
 * The option is the thumbnail's button itself (role="option" on a <button> is allowed) and the remove button
 * sits beside it, not inside it (axe nested-interactive); keyboard users remove with Delete on the option, so
 * the × is for the mouse only and hidden from assistive technology.
 */
const GalleryItem = memo(function GalleryItem({ img, selected, tabbable }: { img: ImageInfo; selected: boolean; tabbable: boolean }) {
  const { t } = useTranslation('a11y');
  const user = img.source === 'user';
  return (
    <li role="none" className={selected ? 'selected' : ''} data-testid="thumb" data-source={img.source}>
      <button
        role="option"
        aria-selected={selected}
        tabIndex={tabbable ? 0 : -1}
        data-id={img.id}
        className="thumb-button"
        onClick={() => actions.select(img.id)}
        title={`${isolateName(img.name)} (${img.width}×${img.height})`}
        aria-keyshortcuts={user ? 'Delete' : undefined}
        aria-description={user ? t('gallery.removeHint') : undefined}
      >
        <PixelCanvas image={img.thumb ?? img.preview} className="thumb" label={img.name} />
        <FileName name={img.name} className="thumb-name" />
      </button>
      {user && (
        <button className="thumb-remove" tabIndex={-1} aria-hidden="true" title={t('gallery.remove', { name: isolateName(img.name) })} onClick={() => void removeImage(img.id)}>×</button>
      )}
    </li>
  );
});

export function Gallery() {
  const { t } = useTranslation('a11y');
  const images = useStudio((s) => s.images);
  const selectedId = useStudio((s) => s.selectedId);
  const loading = useStudio((s) => s.loadingCount);
  const input = useRef<HTMLInputElement>(null);
  // Roving tabindex (WAI-ARIA APG listbox): one option is in the Tab order; arrows move focus, Enter/Space
  // (the button's click) selects, so arrowing past images does not start a prediction at every step.
  const [active, setActive] = useState<string | null>(null);
  const tabbableId = images.some((i) => i.id === active) ? active : images.some((i) => i.id === selectedId) ? selectedId : (images[0]?.id ?? null);
  const onKeyDown = useCallback(
    (e: React.KeyboardEvent<HTMLUListElement>) => {
      const options = [...e.currentTarget.querySelectorAll<HTMLElement>('[role="option"]')];
      const i = options.indexOf(e.target as HTMLElement);
      if (i < 0) return;
      const id = options[i].dataset.id!;
      if (e.key === 'Delete' || e.key === 'Backspace') {
        const img = images.find((m) => m.id === id);
        if (img?.source !== 'user') return;
        e.preventDefault();
        const next = options[i + 1] ?? options[i - 1];
        setActive(next?.dataset.id ?? null);
        void removeImage(id);
        next?.focus();
        return;
      }
      const j = rovingIndex(e.key, i, options.length, 'both');
      if (j === null) return;
      e.preventDefault();
      setActive(options[j].dataset.id ?? null);
      options[j].focus();
    },
    [images],
  );
  return (
    <section className="gallery panel" aria-label={t('gallery.images')}>
      <div className="panel-head">
        <h2>{t('gallery.images')}</h2>
        <span className="muted" data-testid="image-count">{images.length}</span>
        <BatchButton />
      </div>
      <button className="dropzone" data-testid="add-images" onClick={() => input.current?.click()}>
        <strong>{t('gallery.add')}</strong>
        <span>{t('gallery.addHint')}</span>
      </button>
      <ImageFilesInput inputRef={input} testId="file-input" onFiles={(files) => void loadDropped(files.map((file) => ({ file, path: file.name })))} />
      {loading > 0 && <p className="muted loading" data-testid="loading">{t('gallery.decoding', { count: loading })}</p>}
      <ul className="thumbs" role="listbox" aria-label={t('gallery.loaded')} onKeyDown={onKeyDown} onFocus={(e) => (e.target as HTMLElement).dataset.id && setActive((e.target as HTMLElement).dataset.id!)}>
        {images.map((img) => (
          <GalleryItem key={img.id} img={img} selected={img.id === selectedId} tabbable={img.id === tabbableId} />
        ))}
      </ul>
    </section>
  );
}
