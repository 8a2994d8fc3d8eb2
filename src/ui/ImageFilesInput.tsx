import type { RefObject } from 'react';

/** The image types Glassbox decodes, for file pickers. */
export const IMAGE_ACCEPT = 'image/png,image/jpeg,image/webp,image/gif,image/bmp,.png,.jpg,.jpeg,.webp,.gif,.bmp';

/** A model's files, which the Explain page's picker also takes (state/intakeController.ts routes them). */
export const MODEL_ACCEPT = '.json,.bin,.zip,application/json,application/zip';

/**
 * A hidden picker for several image files (opened by a button through `inputRef`). It hands the chosen
 * files over and clears itself, so choosing the same file again still counts.
 */
export function ImageFilesInput({ inputRef, testId, onFiles, alsoModels }: { inputRef: RefObject<HTMLInputElement | null>; testId: string; onFiles: (files: File[]) => void; alsoModels?: boolean }) {
  return (
    <input
      ref={inputRef}
      type="file"
      accept={alsoModels ? `${IMAGE_ACCEPT},${MODEL_ACCEPT}` : IMAGE_ACCEPT}
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
