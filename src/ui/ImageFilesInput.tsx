import type { RefObject } from 'react';

/** The image types Glassbox decodes, for file pickers. */
export const IMAGE_ACCEPT = 'image/png,image/jpeg,image/webp,image/gif,image/bmp,.png,.jpg,.jpeg,.webp,.gif,.bmp';

/**
 * A hidden picker for several image files (opened by a button through `inputRef`). It hands the chosen
 * files over and clears itself, so choosing the same file again still counts.
 */
export function ImageFilesInput({ inputRef, testId, onFiles }: { inputRef: RefObject<HTMLInputElement | null>; testId: string; onFiles: (files: File[]) => void }) {
  return (
    <input
      ref={inputRef}
      type="file"
      accept={IMAGE_ACCEPT}
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
