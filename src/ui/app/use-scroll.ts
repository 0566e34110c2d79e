import { useRef, useState } from 'react';

/**
 * A scroll position over `total` lines in a window of `height` rows.
 * 'auto' follows the newest line while the lab runs and shows the top once it
 * has finished; moving by hand pins a position (moving to the end follows again).
 */
type Scroll = number | 'auto' | 'follow';

const topOf = (scroll: Scroll, maxTop: number, running: boolean): number =>
  scroll === 'follow' || (scroll === 'auto' && running) ? maxTop : scroll === 'auto' ? 0 : Math.min(scroll, maxTop);

export function useScroll(total: number, height: number, running: boolean) {
  const [scroll, setScroll] = useState<Scroll>('auto');
  const maxTop = Math.max(0, total - height);
  const top = topOf(scroll, maxTop, running);
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
