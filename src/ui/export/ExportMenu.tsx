import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../state/store';
import { currentAttribution, exportJson, exportMapCsv, exportPng, exportRegionsCsv, exportReport, shownAttributions } from './exportActions';
import './export.css';

type Job = 'png' | 'csv' | 'regions' | 'json' | 'report';

/**
 * Take the current view away: a PNG of it, its values as CSV (the map's grid; LIME/SHAP regions too) and
 * JSON, a self-contained HTML report, or Print (the print stylesheet keeps one page). Plain buttons in tab
 * order; they wrap on narrow screens.
 */
export function ExportMenu() {
  const { t } = useTranslation('export');
  const count = useStudio((s) => shownAttributions(s).length);
  const compare = useStudio((s) => s.mode === 'compare');
  const hasRegions = useStudio((s) => !compare && Boolean(currentAttribution(s)?.regions));
  const [working, setWorking] = useState<Job | null>(null);
  const none = count === 0;
  const go = (job: Job, f: () => Promise<void>) => async () => {
    setWorking(job);
    try {
      await f();
    } finally {
      setWorking(null);
    }
  };
  const button = (job: Job, label: string, title: string, f: () => Promise<void>, disabled = none) => (
    <button type="button" data-testid={`export-${job}`} onClick={go(job, f)} disabled={disabled || working !== null} aria-busy={working === job} title={title}>
      {working === job ? t('menu.working', { label }) : label}
    </button>
  );
  return (
    <div className="export-menu" role="group" aria-label={t('menu.label')} data-testid="export-menu">
      <span className="export-label">{t('menu.heading')}</span>
      {button('png', t('menu.png'), compare ? t('menu.pngTitleCompare') : t('menu.pngTitle'), exportPng)}
      {button('csv', t('menu.csv'), compare ? t('menu.csvTitleCompare') : t('menu.csvTitle'), exportMapCsv, none || compare)}
      {hasRegions && button('regions', t('menu.regions'), t('menu.regionsTitle'), exportRegionsCsv)}
      {button('json', t('menu.json'), t('menu.jsonTitle'), exportJson)}
      {button('report', t('menu.report'), t('menu.reportTitle'), exportReport)}
      <button type="button" data-testid="export-print" onClick={() => window.print()} title={t('menu.printTitle')}>{t('menu.print')}</button>
    </div>
  );
}
