import type { RefObject } from 'react';

/**
 * The image types Glassbox decodes, by type and extension. Not set on the picker: an accept list cannot name
 * "no extension", and Chromium's file dialog (GTK, Windows, macOS) then starts on a filter that hides such
 * files (DICOM exports like IM00001, DICOMDIR series), leaving them behind an "All files" choice few people
 * find. The picker shows every file; the worker recognises each by its content and refuses the rest by name.
 */
export const IMAGE_ACCEPT = 'image/png,image/jpeg,image/webp,image/gif,image/bmp,image/avif,image/tiff,application/dicom,.png,.jpg,.jpeg,.webp,.gif,.bmp,.avif,.tif,.tiff,.dcm,.dicom';

/**
 * A hidden picker for several image files (opened by a button through `inputRef`). It hands the chosen
 * files over and clears itself, so choosing the same file again still counts.
 */
export function ImageFilesInput({ inputRef, testId, onFiles }: { inputRef: RefObject<HTMLInputElement | null>; testId: string; onFiles: (files: File[]) => void }) {
  return (
    <input
      ref={inputRef}
      type="file"
      multiple
      hidden
      data-testid={testId}
      onChange={(e) => {
        const files = Array.from(e.currentTarget.files ?? []);
        e.currentTarget.value = '';
        onFiles(files);
      }}
    />
  );
}
