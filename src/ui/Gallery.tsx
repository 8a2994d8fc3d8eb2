import { useRef } from 'react';
import { actions, useStudio } from '../state/store';
import { loadFiles, removeImage } from '../state/controller';
import { ImageFilesInput } from './ImageFilesInput';
import { PixelCanvas } from './Thumb';

export function Gallery() {
  const images = useStudio((s) => s.images);
  const selectedId = useStudio((s) => s.selectedId);
  const loading = useStudio((s) => s.loadingCount);
  const input = useRef<HTMLInputElement>(null);
  return (
    <section className="gallery panel" aria-label="Images">
      <div className="panel-head">
        <h2>Images</h2>
        <span className="muted">{images.length}</span>
      </div>
      <button className="dropzone" data-testid="add-images" onClick={() => input.current?.click()}>
        <strong>Add images</strong>
        <span>Drop, paste or click · PNG JPEG WebP GIF BMP</span>
      </button>
      <ImageFilesInput inputRef={input} testId="file-input" onFiles={(files) => void loadFiles(files)} />
      {loading > 0 && <p className="muted loading">Decoding {loading} image{loading > 1 ? 's' : ''}…</p>}
      <ul className="thumbs" role="listbox" aria-label="Loaded images">
        {images.map((img) => (
          <li key={img.id} role="option" aria-selected={img.id === selectedId} className={img.id === selectedId ? 'selected' : ''} data-testid="thumb" data-source={img.source}>
            <button className="thumb-button" onClick={() => actions.select(img.id)} title={`${img.name} (${img.width}×${img.height})`}>
              <PixelCanvas image={img.preview} className="thumb" label={img.name} />
              <span className="thumb-name">{img.name}</span>
            </button>
            {img.source === 'user' && (
              <button className="thumb-remove" aria-label={`Remove ${img.name}`} onClick={() => void removeImage(img.id)}>×</button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
