/**
 * The longest prefix of `text` that, followed by an ellipsis, fits in `maxWidth` — or `text` itself when it
 * fits whole. Counts user-perceived characters by code point (so a surrogate pair is never split).
 * Binary search: O(log n) calls to `measure`, which must be monotone in the string's length.
 *
 * @param text the full label
 * @param maxWidth the room, in the units `measure` returns (CSS px for SVG getComputedTextLength)
 * @param measure the rendered width of a string
 * @returns the label to draw; never empty when `text` is not ("…" alone if even one character is too wide)
 */
export function fitText(text: string, maxWidth: number, measure: (s: string) => number): string {
  if (measure(text) <= maxWidth) return text;
  const chars = [...text];
  let lo = 0; // a prefix of lo characters + "…" fits
  let hi = chars.length - 1; // a prefix of more than hi characters is not needed (the whole text did not fit)
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${chars.slice(0, mid).join('').trimEnd()}…`) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('').trimEnd()}…`;
}

/**
 * The width of a bar chart's label column: the widest label plus `pad`, but no more than `maxShare` of the
 * chart's width and no less than `min` (so the bars keep room on a phone, and short labels waste none).
 *
 * @param labelWidths rendered widths of the full labels, px
 * @param chartWidth the chart's width, px
 */
export function labelColumn(labelWidths: number[], chartWidth: number, { pad = 10, min = 48, maxShare = 0.42 } = {}): number {
  const widest = labelWidths.length ? Math.max(...labelWidths) : 0;
  return Math.round(Math.max(min, Math.min(widest + pad, chartWidth * maxShare)));
}
