import { useTranslation } from 'react-i18next';

export interface ChartTableProps {
  /** What the table holds, e.g. "Probability per class". Also the <caption>. */
  caption: string;
  /** Column headings; the first column holds each row's heading (<th scope="row">). */
  columns: readonly string[];
  /** One array per row, as many cells as columns; numbers should already be formatted for reading. */
  rows: readonly (readonly (string | number)[])[];
  testId?: string;
}

/**
 * The data behind a chart as a real <table> (WCAG 1.1.1 / 1.3.1: a chart's values readable as text), folded
 * under a small "Show the data as a table" toggle so it costs sighted readers one line. Screen readers find it
 * as a table with its caption; the chart's own SVG stays as it is.
 */
export function ChartTable({ caption, columns, rows, testId }: ChartTableProps) {
  const { t } = useTranslation('a11y');
  if (rows.length === 0) return null;
  return (
    <details className="chart-table" data-testid={testId ?? 'chart-table'}>
      <summary>{t('table.show')}</summary>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((cell, j) => (j === 0 ? <th key={j} scope="row">{cell}</th> : <td key={j}>{cell}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
