import { useRef, useState } from 'react';

/**
 * A scroll position over `total` lines in a window of `height` rows.
 * 'auto' follows the newest line while the lab runs and shows the top once it
 * has finished; moving by hand pins a position (moving to the end follows again).
 */
type Scroll = number | 'auto' | 'follow';

const topOf = (scroll: Scroll, maxTop: number, running: boolean): number =>
  scroll === 'follow' || (scroll === 'auto' && running) ? maxTop : scroll === 'auto' ? 0 : Math.min(scroll, maxTop);

/**
 * Following the end, the view starts at the first block that begins at or after
 * the plain bottom position, so a chart is not cut in half (its title scrolled
 * off); the rows below the last line stay blank. A block taller than the view
 * still shows its end.
 */
export const followTop = (maxTop: number, starts: readonly number[], total: number): number =>
  starts.find((start) => start >= maxTop && start < total) ?? maxTop;

export function useScroll(total: number, height: number, running: boolean, starts: readonly number[] = []) {
  const [scroll, setScroll] = useState<Scroll>('auto');
  const maxTop = Math.max(0, total - height);
  const following = scroll === 'follow' || (scroll === 'auto' && running);
  const top = following ? followTop(maxTop, starts, total) : topOf(scroll, maxTop, running);
  // Several moves can arrive before the next render (keys in one chunk): each
  // starts from the position the one before it left.
  const view = useRef({ maxTop, running });
  view.current = { maxTop, running };
  const move = (delta: number | 'top' | 'bottom') =>
    setScroll((previous) => {
      const { maxTop, running } = view.current;
      const next = delta === 'top' ? 0 : delta === 'bottom' ? maxTop : topOf(previous, maxTop, running) + delta;
      return next >= maxTop ? 'follow' : Math.max(0, next);
    });
  return { top, move, reset: () => setScroll('auto') };
}
