import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { BACKGROUND_RGB, IMAGE_BACKGROUNDS } from '../../shared/background';
import { chooseImageBackground, useImageBackground, watchImageBackground } from '../../state/backgroundController';

/**
 * What transparent parts of images are shown and fed to the model over: white (default), grey or black.
 * `compact`: the one-line form shown next to a transparent image; otherwise the Settings section.
 */
export function BackgroundChooser({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation('intake');
  const bg = useImageBackground((s) => s.background);
  useEffect(() => watchImageBackground(), []);
  const choices = (
    <span className="bg-choices" role="radiogroup" aria-label={t('group')}>
      {IMAGE_BACKGROUNDS.map((b) => (
        <label key={b} className="bg-choice" data-testid={`image-background-${b}`}>
          <input type="radio" name={compact ? 'image-background-here' : 'image-background'} value={b} checked={bg === b} onChange={() => void chooseImageBackground(b)} />
          <span className="bg-swatch" aria-hidden="true" style={{ background: `rgb(${BACKGROUND_RGB[b].join(',')})` }} />
          {t(`colour.${b}`)}
        </label>
      ))}
    </span>
  );
  if (compact) {
    return (
      <p className="muted bg-here" data-testid="image-background">
        {t('hereBefore')} {choices} {t('hereAfter')}
      </p>
    );
  }
  return (
    <section aria-label={t('section')} data-testid="image-background-settings">
      <h2>{t('section')}</h2>
      <p className="muted">{t('about')}</p>
      {choices}
    </section>
  );
}
