import { useRef, useState, type DragEvent } from 'react';
import type { PickedFile } from '../../state/trainingController';
import { filesFromDataTransfer, hasFiles } from './dropFiles';

/**
 * Drag-and-drop props for an element that takes files (and folders). The drop stops here: the
 * window-wide handler that adds images to the gallery never sees it.
 */
export function useDropZone(onFiles: (files: PickedFile[]) => void) {
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const props = {
    onDragEnter: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.stopPropagation();
      depth.current++;
      setOver(true);
    },
    onDragOver: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.stopPropagation();
      e.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave: (e: DragEvent) => {
      e.stopPropagation();
      depth.current = Math.max(0, depth.current - 1);
      if (!depth.current) setOver(false);
    },
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      e.stopPropagation();
      depth.current = 0;
      setOver(false);
      void filesFromDataTransfer(e.dataTransfer).then(onFiles);
    },
  };
  return { over, props };
}
