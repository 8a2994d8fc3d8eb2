import { useEffect } from 'react';
import { BACKGROUND_RGB, IMAGE_BACKGROUNDS, type ImageBackground } from '../../shared/background';
import { chooseImageBackground, useImageBackground, watchImageBackground } from '../../state/backgroundController';

const LABEL: Record<ImageBackground, string> = { white: 'White', grey: 'Grey', black: 'Black' };

/**
 * What transparent parts of images are shown and fed to the model over: white (default), grey or black.
 * `compact`: the one-line form shown next to a transparent image; otherwise the Settings section.
 */
export function BackgroundChooser({ compact = false }: { compact?: boolean }) {
  const bg = useImageBackground((s) => s.background);
  useEffect(() => watchImageBackground(), []);
  const choices = (
    <span className="bg-choices" role="radiogroup" aria-label="Background of transparent images">
      {IMAGE_BACKGROUNDS.map((b) => (
        <label key={b} className="bg-choice" data-testid={`image-background-${b}`}>
          <input type="radio" name={compact ? 'image-background-here' : 'image-background'} value={b} checked={bg === b} onChange={() => void chooseImageBackground(b)} />
          <span className="bg-swatch" aria-hidden="true" style={{ background: `rgb(${BACKGROUND_RGB[b].join(',')})` }} />
          {LABEL[b]}
        </label>
      ))}
    </span>
  );
  if (compact) {
    return (
      <p className="muted bg-here" data-testid="image-background">
        Transparent parts are shown and fed to the model over {choices}
      </p>
    );
  }
  return (
    <section aria-label="Transparent images" data-testid="image-background-settings">
      <h2>Transparent images</h2>
      <p className="muted">A model cannot see transparency: the transparent parts of an image are filled with this colour, in the preview and in what the model is fed, so both show the same picture. The explanation records which one was used.</p>
      {choices}
    </section>
  );
}
