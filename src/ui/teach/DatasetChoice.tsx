import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import type { SyntheticVariant } from '../../shared/training';
import { TermLink } from './Glossary';
import { useStudio } from '../../state/store';

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
  // The classes hold another variant than the one chosen: the choice applies when the set is drawn again.
  const loaded = useStudio((s) => s.syntheticLoaded);
  const pending = loaded !== null && (loaded.difficulty !== v.difficulty || loaded.shortcut !== v.shortcut);
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
      {pending && (
        <small className="setting-help" data-testid="dataset-pending" role="status">
          {t('dataset.pending', { loaded: `${t(`dataset.level.${loaded.difficulty}`)}${loaded.shortcut ? t('dataset.withShortcut') : ''}`, use: t('dataset.use') })}
        </small>
      )}
      {v.shortcut && (
        <small className="setting-help" id="dataset-shortcut-help">
          {t('dataset.shortcutHelp')} {t('settings.seeAlso')} <TermLink term="shortcut" />
        </small>
      )}
    </fieldset>
  );
}
