// / on the lab screen: the text being typed, then the text searched for, its
// matches in the lines on screen, and which of them is the current one (n and N
// go round them; the screen brings it into view and marks it).
import { useMemo, useState } from 'react';
import { useImmediateState } from './use-immediate-state.js';
import { matchLines, nextMatch } from '../search.js';

export interface Search {
  /** The text being typed (mode 'search'). */
  draft: string;
  /** The text searched for: n and N go through its lines; undefined when there is none. */
  query?: string;
  /** Lines holding the query. */
  matches: number[];
  /** The current match's place in `matches` (from 0), and its line; undefined before one is chosen. */
  current?: { index: number; line: number };
  /** A new search: the draft empties. */
  begin(): void;
  type(text: string): void;
  backspace(): void;
  /** Enter: the draft becomes the query (empty: no search); its first match at or after `top` is the current one. */
  find(top: number): { query: string; line?: number };
  /** n / N: the match after or before the current one (from `top` where there is none), round the end. */
  next(top: number, direction: 1 | -1): number | undefined;
}

export function useSearch(lines: readonly string[]): Search {
  // Typed keys in one chunk each add to the draft before a render.
  const [draft, setDraft, draftNow] = useImmediateState('');
  const [query, setQuery] = useState<string | undefined>();
  // The current match by line: n from the last screen, where the view cannot scroll the match to its top, still moves on.
  const [currentLine, setCurrentLine, currentLineNow] = useImmediateState<number | undefined>(undefined);
  const matches = useMemo(() => (query ? matchLines(lines, query) : []), [lines, query]);
  const index = currentLine === undefined ? -1 : matches.indexOf(currentLine);
  return {
    draft,
    query,
    matches,
    ...(index >= 0 ? { current: { index, line: currentLine! } } : {}),
    begin: () => setDraft(''),
    type: (text) => setDraft(draftNow.current + text),
    backspace: () => setDraft([...draftNow.current].slice(0, -1).join('')),
    find: (top) => {
      const wanted = draftNow.current;
      setQuery(wanted || undefined);
      const line = nextMatch(matchLines(lines, wanted), top - 1, 1);
      setCurrentLine(line);
      return { query: wanted, line };
    },
    next: (top, direction) => {
      const from = currentLineNow.current !== undefined && matches.includes(currentLineNow.current) ? currentLineNow.current : top - (direction > 0 ? 1 : 0);
      const line = nextMatch(matches, from, direction);
      setCurrentLine(line);
      return line;
    },
  };
}
