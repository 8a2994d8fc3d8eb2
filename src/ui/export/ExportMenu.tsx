import { useState } from 'react';
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
      {working === job ? `${label}…` : label}
    </button>
  );
  return (
    <div className="export-menu" role="group" aria-label="Export this view" data-testid="export-menu">
      <span className="export-label">Export</span>
      {button('png', 'PNG', compare ? 'A picture of every map in the grid, with colour bars and a caption' : 'A picture of the image and its map, with the colour bar and a caption naming the method, class, model and parameters', exportPng)}
      {button('csv', 'CSV', compare ? 'Open one method to save its map as CSV' : 'The map as a grid of values at the model’s input size', exportMapCsv, none || compare)}
      {hasRegions && button('regions', 'Regions CSV', 'Each region’s value, standard error, pixel count and centre', exportRegionsCsv)}
      {button('json', 'JSON', 'The values with their units, the run record and the checks', exportJson)}
      {button('report', 'Report', 'One HTML file that opens anywhere offline: image, map(s), prediction, trust figures, parameters, model and its weights hash', exportReport)}
      <button type="button" data-testid="export-print" onClick={() => window.print()} title="Print this view on one page">Print</button>
    </div>
  );
}
