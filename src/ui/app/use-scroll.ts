import { useRef, useState } from 'react';

/**
 * A scroll position over `total` lines in a window of `height` rows.
 * 'auto' follows the newest line while the lab runs and shows the top once it
 * has finished; moving by hand pins a position (moving to the end follows again).
 */
export function useScroll(total: number, height: number, running: boolean) {
  const [scroll, setScroll] = useState<number | 'auto' | 'follow'>('auto');
  const maxTop = Math.max(0, total - height);
  const top = scroll === 'follow' || (scroll === 'auto' && running) ? maxTop : scroll === 'auto' ? 0 : Math.min(scroll, maxTop);
  // Several moves can arrive before the next render: each reads the view the last one left.
  const view = useRef({ top, maxTop });
  view.current = { top, maxTop };
  const move = (delta: number | 'top' | 'bottom') =>
    setScroll(() => {
      const { top, maxTop } = view.current;
      const next = delta === 'top' ? 0 : delta === 'bottom' ? maxTop : top + delta;
      return next >= maxTop ? 'follow' : Math.max(0, next);
    });
  return { top, move, reset: () => setScroll('auto') };
}
