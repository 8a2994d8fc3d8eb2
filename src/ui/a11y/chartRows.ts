// Rows for the data tables behind charts (ChartTable): pure, tested in Node.

/** A number for a table cell: up to 3 significant digits in the page's locale; non-finite values are "—". */
export function cell(v: number | undefined, locale?: string): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  return new Intl.NumberFormat(locale, { maximumSignificantDigits: 3 }).format(v);
}

/**
 * One row per validation point of a training run: the epoch (x), the training loss and accuracy as last
 * reported at or before it (the running mean over that epoch), and the validation loss and accuracy.
 * Training points after the last validation point (an epoch in progress) get a last row with no validation.
 * @param train, val points sorted by x (epochs, fractional for batches)
 * @returns [x, trainLoss, trainAcc, valLoss, valAcc] numbers (undefined where there is none)
 */
export function epochRows(
  train: readonly { x: number; loss: number; acc: number }[],
  val: readonly { x: number; loss: number; acc: number }[],
): [number, number | undefined, number | undefined, number | undefined, number | undefined][] {
  const lastTrainAt = (x: number) => {
    let hit: { loss: number; acc: number } | undefined;
    for (const p of train) if (p.x <= x + 1e-9) hit = p;
    return hit;
  };
  const rows: [number, number | undefined, number | undefined, number | undefined, number | undefined][] = val.map((v) => {
    const t = lastTrainAt(v.x);
    return [v.x, t?.loss, t?.acc, v.loss, v.acc];
  });
  const last = train[train.length - 1];
  if (last && (val.length === 0 || last.x > val[val.length - 1].x + 1e-9)) rows.push([last.x, last.loss, last.acc, undefined, undefined]);
  return rows;
}
