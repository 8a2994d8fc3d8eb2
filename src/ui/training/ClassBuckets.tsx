import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useStudio } from '../../state/store';
import {
  addFilesToClass,
  addTrainClass,
  clearClasses,
  importFolders,
  removeTrainClass,
  removeTrainImage,
  renameTrainClass,
  loadSyntheticDataset,
  type PickedFile,
} from '../../state/trainingController';
import type { TrainClass } from '../../state/trainingSlice';
import type { TrainingImageInfo } from '../../shared/training';
import { isolateName } from '../../shared/names';
import { ImageFilesInput } from '../ImageFilesInput';
import { PixelCanvas } from '../Thumb';
import { filesFromInput } from './dropFiles';
import { useDropZone } from './useDropZone';

const SHOWN = 24;

/** An <input type=file> that picks a whole folder (webkitdirectory has no React prop). */
function FolderInput({ onFiles, testId, inputRef }: { onFiles: (f: PickedFile[]) => void; testId: string; inputRef: React.RefObject<HTMLInputElement | null> }) {
  useEffect(() => {
    inputRef.current?.setAttribute('webkitdirectory', '');
  }, [inputRef]);
  return (
    <input
      ref={inputRef}
      type="file"
      multiple
      hidden
      data-testid={testId}
      onChange={(e) => {
        const files = filesFromInput(e.currentTarget.files);
        e.currentTarget.value = '';
        onFiles(files);
      }}
    />
  );
}

/**
 * The thumbnails of one class. Memoised, and they do not depend on whether a run is going: while one is,
 * the whole list of classes is made `inert` (one attribute), so starting and ending a run re-renders none
 * of them. That keeps the page's own tasks short while the worker trains.
 */
const BucketThumbs = memo(function BucketThumbs({ classId, images }: { classId: string; images: TrainingImageInfo[] }) {
  return (
    <>
      {images.map((img) => (
        <li key={img.id}>
          <PixelCanvas image={img.thumb} className="bucket-thumb" label={img.name} />
          <button className="thumb-remove small" aria-label={`Remove ${isolateName(img.name)}`} onClick={() => void removeTrainImage(classId, img.id)}>×</button>
        </li>
      ))}
    </>
  );
});

const Bucket = memo(function Bucket({ c }: { c: TrainClass }) {
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [showAll, setShowAll] = useState(false);
  const { over, props } = useDropZone((files) => void addFilesToClass(c.id, files.map((f) => f.file)));
  const shown = useMemo(() => (showAll ? c.images : c.images.slice(0, SHOWN)), [c.images, showAll]);
  return (
    <li className={`bucket${over ? ' over' : ''}`} data-testid="train-class" data-class={c.name} {...props}>
      <div className="bucket-head">
        <input
          className="bucket-name"
          aria-label="Class name"
          value={c.name}
         
          data-testid="class-name"
          onChange={(e) => renameTrainClass(c.id, e.target.value)}
        />
        <span className="muted bucket-count" data-testid="class-count">
          {c.images.length} image{c.images.length === 1 ? '' : 's'}
          {c.pending > 0 && ` (+${c.pending} decoding)`}
        </span>
        <button className="icon-button" aria-label={`Remove class ${c.name}`} title="Remove this class and its images" onClick={() => void removeTrainClass(c.id)}>
          ×
        </button>
      </div>
      <div className="bucket-drop">
        <span>Drop images or a folder here, or</span>
        <button type="button" className="link" onClick={() => fileInput.current?.click()}>choose files</button>
        <span>·</span>
        <button type="button" className="link" onClick={() => folderInput.current?.click()}>a folder</button>
      </div>
      <ImageFilesInput inputRef={fileInput} testId="class-file-input" onFiles={(files) => void addFilesToClass(c.id, files)} />
      <FolderInput inputRef={folderInput} testId="class-folder-input" onFiles={(files) => void addFilesToClass(c.id, files.map((f) => f.file))} />
      {c.images.length > 0 && (
        <ul className="bucket-thumbs" aria-label={`Images of ${c.name}`}>
          <BucketThumbs classId={c.id} images={shown} />
          {c.images.length > SHOWN && (
            <li>
              <button className="more" onClick={() => setShowAll(!showAll)}>{showAll ? 'fewer' : `+${c.images.length - SHOWN}`}</button>
            </li>
          )}
        </ul>
      )}
    </li>
  );
});

/** The classes a person trains on: add, rename, remove, fill by drop, picker or folder. */
export function ClassBuckets() {
  const classes = useStudio((s) => s.trainClasses);
  const status = useStudio((s) => s.trainStatus);
  const synthetic = useStudio((s) => s.syntheticLoading);
  const disabled = status !== 'idle' || synthetic;
  const folders = useRef<HTMLInputElement>(null);
  const { over, props } = useDropZone((files) => void importFolders(files));
  const total = classes.reduce((n, c) => n + c.images.length, 0);
  return (
    <section className={`panel classes-panel${over ? ' over' : ''}`} aria-label="Classes" {...props}>
      <div className="panel-head">
        <h2>Classes</h2>
        <span className="muted">{classes.length} classes · {total} images</span>
      </div>
      <div className="class-actions">
        <button className="primary" data-testid="use-synthetic" disabled={disabled} onClick={() => void loadSyntheticDataset()} title="Three classes of synthetic tissue pictures, 100 images each">
          {synthetic ? 'Drawing 300 images…' : 'Use the built-in synthetic dataset'}
        </button>
        <button data-testid="add-class" disabled={disabled} onClick={() => addTrainClass()}>+ Add a class</button>
        <button data-testid="pick-class-folders" disabled={disabled} onClick={() => folders.current?.click()} title="A folder whose sub-folders are the classes">Folder of classes…</button>
        {classes.length > 0 && <button className="link" disabled={disabled} onClick={() => void clearClasses()}>Clear all</button>}
      </div>
      <FolderInput inputRef={folders} testId="class-folders-input" onFiles={(files) => void importFolders(files)} />
      {classes.length === 0 ? (
        <div className="classes-empty">
          <p><strong>Drop a folder whose sub-folders are the classes</strong> (for example <code>cats/</code> and <code>dogs/</code>) anywhere here,</p>
          <p>or add classes one by one and drop images onto each, or start with the synthetic dataset in one click.</p>
        </div>
      ) : (
        // inert while training or drawing the synthetic set: nothing in it can be clicked, focused or
        // dropped on, without re-rendering a single class.
        <ul className="buckets" inert={disabled} aria-disabled={disabled || undefined}>
          {classes.map((c) => (
            <Bucket key={c.id} c={c} />
          ))}
        </ul>
      )}
    </section>
  );
}
