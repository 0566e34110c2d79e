// Reading long output as less does: / finds a text in the lab's lines, n and N
// go to the next and previous line with it (round the end), { and } to the
// previous and next section. Pure: lines and positions in, a line out.

/** Colour codes in a drawn line (charts, the theme's looks): not part of its text. */
const SGR = /\x1b\[[0-9;]*m/g;

/** The lines holding `query`, case-insensitive (colours and case do not count). */
export function matchLines(lines: readonly string[], query: string): number[] {
  const wanted = query.toLowerCase();
  if (!wanted) return [];
  return lines.flatMap((line, i) => (line.replace(SGR, '').toLowerCase().includes(wanted) ? [i] : []));
}

/** The first match after `from` (direction 1) or before it (−1), round the end; undefined without matches. */
export function nextMatch(matches: readonly number[], from: number, direction: 1 | -1): number | undefined {
  if (matches.length === 0) return undefined;
  if (direction > 0) return matches.find((line) => line > from) ?? matches[0];
  return [...matches].reverse().find((line) => line < from) ?? matches.at(-1);
}

/** The next section's first line after `top`, or the start of the one before it; undefined where there is none. */
export function sectionJump(starts: readonly number[], top: number, direction: 1 | -1): number | undefined {
  return direction > 0 ? starts.find((start) => start > top) : [...starts].reverse().find((start) => start < top);
}
