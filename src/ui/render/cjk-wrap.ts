// Wrapping Chinese: a line may break between any two CJK characters, not only
// at spaces (wrap-ansi breaks only at spaces, so a sentence in Chinese with one
// English term in it wraps at that term, leaving half-empty lines). Runs of
// Latin letters, digits and symbols stay whole, as words do; closing
// punctuation never starts a line (the character before it moves down with it).
import { displayWidth } from '../format.js';

/** CJK characters, their punctuation and full-width forms. */
const CJK_RANGES = '\\u2e80-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef\\u3000-\\u303f';
const CJK = new RegExp(`[${CJK_RANGES}]`);
/** Words: a CJK character alone, a run of anything else, or a run of spaces. */
const TOKENS = new RegExp(`[${CJK_RANGES}]|\\s+|[^\\s${CJK_RANGES}]+`, 'g');
/** Not at the start of a line: ，。、；：！？」』）》 and their kin. */
const NO_LINE_START = /^[，。、；：！？）」』》〉】…,.;:!?)\]]/;

export const hasCjk = (text: string): boolean => CJK.test(text);

function tokens(text: string): string[] {
  return text.match(TOKENS) ?? [];
}

/** One paragraph (no newlines) wrapped to `width` display columns. */
function wrapParagraph(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const token of tokens(text)) {
    const space = /^\s+$/.test(token);
    if (displayWidth(line) + displayWidth(token) <= width) {
      if (!(space && line === '')) line += token;
      continue;
    }
    if (space) {
      lines.push(line.trimEnd());
      line = '';
      continue;
    }
    // Closing punctuation does not start a line: the character before it comes down with it.
    if (NO_LINE_START.test(token) && line !== '') {
      const last = [...line].at(-1)!;
      const rest = line.slice(0, line.length - last.length);
      if (rest.trim() !== '') lines.push(rest.trimEnd());
      line = last + token;
      continue;
    }
    if (line.trim() !== '') lines.push(line.trimEnd());
    line = token;
    // A word longer than the line is cut.
    while (displayWidth(line) > width) {
      let cut = line.length - 1;
      while (cut > 1 && displayWidth(line.slice(0, cut)) > width) cut--;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line.trim() !== '' || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}

export function wrapCjk(text: string, width: number): string[] {
  return text.split('\n').flatMap((paragraph) => wrapParagraph(paragraph, width));
}
