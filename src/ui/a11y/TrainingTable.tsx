import { useTranslation } from 'react-i18next';
import type { TrainCurve } from '../../state/trainingSlice';
import { ChartTable } from './ChartTable';
import { cell, epochRows } from './chartRows';

/** The training curves' data as a table: one row per epoch (training running mean and validation). */
export function TrainingTable({ curve }: { curve: TrainCurve }) {
  const { t } = useTranslation('a11y');
  const pct = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
  const p = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '—' : pct.format(v));
  return (
    <ChartTable
      caption={t('table.trainCaption')}
      columns={[t('table.epoch'), t('table.trainLoss'), t('table.trainAcc'), t('table.valLoss'), t('table.valAcc')]}
      rows={epochRows(curve.train, curve.val).map(([x, tl, ta, vl, va]) => [cell(x), cell(tl), p(ta), cell(vl), p(va)])}
      testId="train-table"
    />
  );
}
