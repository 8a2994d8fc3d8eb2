import { memo, useRef } from 'react';
import { actions, useStudio } from '../state/store';
import { removeImage } from '../state/controller';
import { loadDropped } from '../state/intakeController';
import { isolateName } from '../shared/names';
import type { ImageInfo } from '../shared/types';
import { ImageFilesInput } from './ImageFilesInput';
import { PixelCanvas } from './Thumb';
import { FileName } from './FileName';
import { BatchButton } from './batch/BatchPanel';

/** One gallery entry. Memoised: when images arrive, only the new entries render and draw. */
const GalleryItem = memo(function GalleryItem({ img, selected }: { img: ImageInfo; selected: boolean }) {
  return (
    <li role="option" aria-selected={selected} className={selected ? 'selected' : ''} data-testid="thumb" data-source={img.source}>
      <button className="thumb-button" onClick={() => actions.select(img.id)} title={`${isolateName(img.name)} (${img.width}×${img.height})`}>
        <PixelCanvas image={img.thumb ?? img.preview} className="thumb" label={img.name} />
        <FileName name={img.name} className="thumb-name" />
      </button>
      {img.source === 'user' && (
        <button className="thumb-remove" aria-label={`Remove ${isolateName(img.name)}`} onClick={() => void removeImage(img.id)}>×</button>
      )}
    </li>
  );
});

export function Gallery() {
  const images = useStudio((s) => s.images);
  const selectedId = useStudio((s) => s.selectedId);
  const loading = useStudio((s) => s.loadingCount);
  const input = useRef<HTMLInputElement>(null);
  return (
    <section className="gallery panel" aria-label="Images">
      <div className="panel-head">
        <h2>Images</h2>
        <span className="muted" data-testid="image-count">{images.length}</span>
        <BatchButton />
      </div>
      <button className="dropzone" data-testid="add-images" onClick={() => input.current?.click()}>
        <strong>Add images</strong>
        <span>Drop, paste or click · PNG JPEG WebP GIF BMP AVIF · DICOM, TIFF, 16-bit PNG · a model</span>
      </button>
      <ImageFilesInput inputRef={input} testId="file-input" onFiles={(files) => void loadDropped(files.map((file) => ({ file, path: file.name })))} />
      {loading > 0 && <p className="muted loading" data-testid="loading">Decoding {loading} image{loading > 1 ? 's' : ''}…</p>}
      <ul className="thumbs" role="listbox" aria-label="Loaded images">
        {images.map((img) => (
          <GalleryItem key={img.id} img={img} selected={img.id === selectedId} />
        ))}
      </ul>
    </section>
  );
}
