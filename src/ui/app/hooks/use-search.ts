// / on the lab screen: the text being typed, then the text searched for, and
// where its matches are in the lines on screen. The screen moves the view;
// this hook says to which line (search.ts finds it).
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
  /** A new search: the draft empties. */
  begin(): void;
  type(text: string): void;
  backspace(): void;
  /** Enter: the draft becomes the query (empty: no search); the query and its first line at or after `top` (undefined where none). */
  find(top: number): { query: string; line?: number };
  /** n / N: the next or previous line with the query from `top`, round the end. */
  next(top: number, direction: 1 | -1): number | undefined;
}

export function useSearch(lines: readonly string[]): Search {
  // Typed keys in one chunk each add to the draft before a render.
  const [draft, setDraft, draftNow] = useImmediateState('');
  const [query, setQuery] = useState<string | undefined>();
  const matches = useMemo(() => (query ? matchLines(lines, query) : []), [lines, query]);
  return {
    draft,
    query,
    matches,
    begin: () => setDraft(''),
    type: (text) => setDraft(draftNow.current + text),
    backspace: () => setDraft([...draftNow.current].slice(0, -1).join('')),
    find: (top) => {
      const wanted = draftNow.current;
      setQuery(wanted || undefined);
      return { query: wanted, line: nextMatch(matchLines(lines, wanted), top - 1, 1) };
    },
    next: (top, direction) => nextMatch(matches, top, direction),
  };
}
