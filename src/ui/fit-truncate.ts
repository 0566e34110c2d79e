// cli-truncate 5 (Ink's, for every `wrap="truncate-end"`, and ours) can return
// one column more than asked where the cut falls inside a wide (CJK) character:
// the "…" then wraps onto a line of its own and pushes the screen up. The bundle
// routes every import of cli-truncate here (scripts/cli-truncate-fix.mjs); what
// does not fit is cut again, a column shorter. Under --ascii the app marks a cut
// with "..." (asciiTruncation).
import cliTruncate, { type Options } from 'cli-truncate';
import stringWidth from 'string-width';

let asciiMark: string | undefined;

/** --ascii: "..." where a line is cut (the screen's one-for-one filter would make "…" a lone ".", read as a full stop). */
export function asciiTruncation(on: boolean): void {
  asciiMark = on ? '...' : undefined;
}

export default function fitTruncate(text: string, columns: number, given?: Options): string {
  const options = asciiMark && !given?.truncationCharacter ? { ...given, truncationCharacter: asciiMark } : given;
  let out = cliTruncate(text, columns, options);
  for (let cut = columns - 1; cut > 0 && stringWidth(out) > columns; cut--) out = cliTruncate(text, cut, options);
  return out;
}
