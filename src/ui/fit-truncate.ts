// cli-truncate 5 (Ink's, for every `wrap="truncate-end"`, and ours) can return
// one column more than asked where the cut falls inside a wide (CJK) character:
// the "…" then wraps onto a line of its own and pushes the screen up. The bundle
// routes every import of cli-truncate here (scripts/cli-truncate-fix.mjs); what
// does not fit is cut again, a column shorter.
import cliTruncate, { type Options } from 'cli-truncate';
import stringWidth from 'string-width';

export default function fitTruncate(text: string, columns: number, options?: Options): string {
  let out = cliTruncate(text, columns, options);
  for (let cut = columns - 1; cut > 0 && stringWidth(out) > columns; cut--) out = cliTruncate(text, cut, options);
  return out;
}
