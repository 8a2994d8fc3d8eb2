import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import type { SyntheticVariant } from '../../shared/training';
import { TermLink } from './Glossary';

/** The synthetic set's teaching variant the person picked (remembered while the page is open). */
const useChoice = create<SyntheticVariant>(() => ({ difficulty: 'easy', shortcut: false }));

/** The current choice, for "Use the built-in synthetic dataset". */
export function useDatasetChoice(): SyntheticVariant {
  return useChoice();
}

const LEVELS: SyntheticVariant['difficulty'][] = ['easy', 'medium', 'hard'];

/** Difficulty and the shortcut variant of the built-in synthetic set. */
export function DatasetChoice({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation('teach');
  const v = useChoice();
  return (
    <fieldset className="dataset-choice" data-testid="dataset-choice" disabled={disabled}>
      <label>
        <span>{t('dataset.difficulty')}</span>{' '}
        <select data-testid="dataset-difficulty" value={v.difficulty} onChange={(e) => useChoice.setState({ difficulty: e.target.value as SyntheticVariant['difficulty'] })}>
          {LEVELS.map((l) => (
            <option key={l} value={l}>{t(`dataset.level.${l}`)}</option>
          ))}
        </select>
      </label>
      <label className="check-row">
        <input type="checkbox" data-testid="dataset-shortcut" checked={v.shortcut} aria-describedby={v.shortcut ? 'dataset-shortcut-help' : undefined} onChange={(e) => useChoice.setState({ shortcut: e.target.checked })} />
        <span>{t('dataset.shortcut')}</span>
      </label>
      {v.shortcut && (
        <small className="setting-help" id="dataset-shortcut-help">
          {t('dataset.shortcutHelp')} {t('settings.seeAlso')} <TermLink term="shortcut" />
        </small>
      )}
    </fieldset>
  );
}
