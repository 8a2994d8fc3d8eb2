import { useTranslation } from 'react-i18next';
import type { TrainingSettings } from '../../shared/training';
import { SETTING_HELP, helpId } from './help';
import { TermLink } from './Glossary';

/** A training setting's short help text (its id is what the control's aria-describedby names), with links to the glossary. */
export function SettingHelp({ k }: { k: keyof TrainingSettings }) {
  const { t } = useTranslation('teach');
  const terms = SETTING_HELP[k];
  return (
    <small className="setting-help" id={helpId(k)} data-testid={`help-${k}`}>
      {t(`settings.help.${k}`)}
      {terms.length > 0 && (
        <>
          {' '}
          {t('settings.seeAlso')}{' '}
          {terms.map((term, i) => (
            <span key={term}>
              {i > 0 && ', '}
              <TermLink term={term} />
            </span>
          ))}
        </>
      )}
    </small>
  );
}
