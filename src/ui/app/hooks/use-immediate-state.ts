import { useRef, useState } from 'react';

/**
 * State a key handler can read the moment it is set. Keys that arrive in one
 * chunk ("3\r" typed fast, a paste) all act before the next render: each must
 * see what the ones before it did, which React's state shows only after it.
 */
export function useImmediateState<T>(initial: T | (() => T)): [T, (next: T) => void, { readonly current: T }] {
  const [state, setState] = useState(initial);
  const now = useRef(state);
  const set = (next: T) => {
    now.current = next;
    setState(next);
  };
  return [state, set, now];
}
