/** The first row shown of a list of `count` rows in `rows` rows, so that `selected` stays in view (centred where it can be). */
export function firstShown(selected: number, count: number, rows: number): number {
  return Math.max(0, Math.min(selected - Math.floor(rows / 2), count - rows));
}
