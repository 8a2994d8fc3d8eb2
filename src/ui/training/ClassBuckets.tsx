import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
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
import { WebcamCapture } from '../teach/WebcamCapture';
import { DatasetChoice, useDatasetChoice } from '../teach/DatasetChoice';

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
  const { t } = useTranslation('teach');
  return (
    <>
      {images.map((img) => (
        <li key={img.id}>
          <PixelCanvas image={img.thumb} className="bucket-thumb" label={img.name} />
          <button className="thumb-remove small" aria-label={t('classes.removeImage', { name: isolateName(img.name) })} onClick={() => void removeTrainImage(classId, img.id)}>×</button>
        </li>
      ))}
    </>
  );
});

const Bucket = memo(function Bucket({ c }: { c: TrainClass }) {
  const { t } = useTranslation('teach');
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
          aria-label={t('classes.name')}
          value={c.name}
          data-testid="class-name"
          onChange={(e) => renameTrainClass(c.id, e.target.value)}
        />
        <span className="muted bucket-count" data-testid="class-count">
          {t('classes.count', { count: c.images.length })}
          {c.pending > 0 && t('classes.decoding', { n: c.pending })}
        </span>
        <button className="icon-button" aria-label={t('classes.remove', { name: c.name })} title={t('classes.removeTitle')} onClick={() => void removeTrainClass(c.id)}>
          ×
        </button>
      </div>
      <div className="bucket-drop">
        <span>{t('classes.drop')}</span>
        <button type="button" className="link" onClick={() => fileInput.current?.click()}>{t('classes.chooseFiles')}</button>
        <span>·</span>
        <button type="button" className="link" onClick={() => folderInput.current?.click()}>{t('classes.aFolder')}</button>
        <span>·</span>
        <WebcamCapture className={c.name} onFrame={(f) => void addFilesToClass(c.id, [f])} />
      </div>
      <ImageFilesInput inputRef={fileInput} testId="class-file-input" onFiles={(files) => void addFilesToClass(c.id, files)} />
      <FolderInput inputRef={folderInput} testId="class-folder-input" onFiles={(files) => void addFilesToClass(c.id, files.map((f) => f.file))} />
      {c.images.length > 0 && (
        <ul className="bucket-thumbs" aria-label={t('classes.imagesOf', { name: c.name })}>
          <BucketThumbs classId={c.id} images={shown} />
          {c.images.length > SHOWN && (
            <li>
              <button className="more" onClick={() => setShowAll(!showAll)}>{showAll ? t('classes.fewer') : `+${c.images.length - SHOWN}`}</button>
            </li>
          )}
        </ul>
      )}
    </li>
  );
});

/** The classes a person trains on: add, rename, remove, fill by drop, picker, folder, webcam or the synthetic set. */
export function ClassBuckets() {
  const { t } = useTranslation('teach');
  const classes = useStudio((s) => s.trainClasses);
  const status = useStudio((s) => s.trainStatus);
  const synthetic = useStudio((s) => s.syntheticLoading);
  const variant = useDatasetChoice();
  const disabled = status !== 'idle' || synthetic;
  const folders = useRef<HTMLInputElement>(null);
  const { over, props } = useDropZone((files) => void importFolders(files));
  const total = classes.reduce((n, c) => n + c.images.length, 0);
  const perClass = 100;
  return (
    <section className={`panel classes-panel${over ? ' over' : ''}`} aria-label={t('classes.aria')} {...props}>
      <div className="panel-head">
        <h2>{t('classes.title')}</h2>
        <span className="muted">{t('classes.summary', { classes: classes.length, images: total })}</span>
      </div>
      <div className="class-actions">
        <button className="primary" data-testid="use-synthetic" disabled={disabled} onClick={() => void loadSyntheticDataset(perClass, variant)} title={t('dataset.useTitle', { n: perClass })}>
          {synthetic ? t('dataset.drawing', { n: perClass * 3 }) : t('dataset.use')}
        </button>
        <button data-testid="add-class" disabled={disabled} onClick={() => addTrainClass()}>{t('classes.add')}</button>
        <button data-testid="pick-class-folders" disabled={disabled} onClick={() => folders.current?.click()} title={t('classes.foldersTitle')}>{t('classes.folders')}</button>
        {classes.length > 0 && <button className="link" disabled={disabled} onClick={() => void clearClasses()}>{t('classes.clear')}</button>}
      </div>
      <DatasetChoice disabled={disabled} />
      <FolderInput inputRef={folders} testId="class-folders-input" onFiles={(files) => void importFolders(files)} />
      {classes.length === 0 ? (
        <div className="classes-empty">
          <p>
            <strong>{t('classes.emptyStrong')}</strong>{' '}
            <Trans t={t} i18nKey="classes.emptyExample" components={[<span key="0" />, <code key="1" />, <span key="2" />, <code key="3" />]} />
          </p>
          <p>{t('classes.emptyMore')}</p>
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
