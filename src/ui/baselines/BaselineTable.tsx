import { useTranslation } from 'react-i18next';
import { BASELINE_IDS, type BaselineReport } from '../../shared/baselines';
import type { TrainingOutcome } from '../../shared/training';
import { LANGUAGE_TAGS, currentLanguage } from '../../shared/i18n';
import { formatDuration, formatPercent } from '../../state/trainingSlice';

/** A fitting time: milliseconds below a second (the baselines take tens of them), else seconds and minutes. */
export function fittingTime(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms >= 1000) return formatDuration(ms);
  return new Intl.NumberFormat(LANGUAGE_TAGS[currentLanguage()], { style: 'unit', unit: 'millisecond', maximumFractionDigits: 0 }).format(ms);
}

interface Row {
  id: 'cnn' | (typeof BASELINE_IDS)[number];
  accuracy: number | null;
  recall: (number | null)[];
  ms: number;
}

/**
 * "How much accuracy does transparency cost?" (data-testid="baseline-table"): the CNN and each baseline,
 * their validation accuracy, recall per class and fitting time, on the same validation images.
 */
export function BaselineTable({ outcome, report }: { outcome: TrainingOutcome; report: BaselineReport }) {
  const { t } = useTranslation('baselines');
  const rows: Row[] = [
    { id: 'cnn', accuracy: outcome.validationAccuracy, recall: outcome.perClass.map((c) => c.recall), ms: outcome.trainMs },
    ...report.scores.map((s) => ({ id: s.id, accuracy: s.validationAccuracy, recall: s.recall, ms: s.trainMs })),
  ];
  return (
    <div>
      <div className="baseline-table-wrap">
        <table className="per-class baseline-table" data-testid="baseline-table">
          <thead>
            <tr>
              <th scope="col">{t('table.model')}</th>
              <th scope="col">{t('table.accuracy')}</th>
              {report.labels.map((l) => (
                <th scope="col" key={l}>{t('table.recall', { label: l })}</th>
              ))}
              <th scope="col">{t('table.time')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-model={r.id}>
                <th scope="row">{t(`models.${r.id}`)}</th>
                <td data-testid="baseline-accuracy" data-value={r.accuracy ?? ''}>{formatPercent(r.accuracy)}</td>
                {r.recall.map((v, c) => (
                  <td key={c} data-value={v ?? ''}>{v === null ? t('table.none') : formatPercent(v)}</td>
                ))}
                <td data-testid="baseline-time" data-ms={r.ms}>{fittingTime(r.ms)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted baseline-table-note">{t('table.caption', { validation: report.validationCount, train: report.trainCount, prepare: fittingTime(report.prepareMs) })}</p>
    </div>
  );
}
