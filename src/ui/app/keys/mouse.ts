// The mouse wheel. While the full-screen app runs, the terminal reports mouse
// buttons (1000) in SGR form (1006): ESC [ < button ; x ; y M (pressed) or m
// (released). Buttons 64 and 65 are the wheel up and down; every other mouse
// report is taken and ignored, so none arrives as typed characters. A terminal
// without SGR sends X10 reports, ESC [ M and three bytes: taken and ignored too.
// --no-mouse leaves reporting off (the terminal's own selection then works
// without Shift).

/** Turns button reporting on, in SGR form. */
export const MOUSE_ON = '\x1b[?1000h\x1b[?1006h';
/** Turns it off again (in the reverse order). */
export const MOUSE_OFF = '\x1b[?1006l\x1b[?1000l';

/** A mouse report: the wheel turned up (-1, towards the top) or down (1), or any other (ignored). */
export type MouseReport = { wheel: -1 | 1 } | { wheel?: undefined };

/** An SGR mouse report, with or without its ESC (Ink strips the ESC of a sequence it hands over). */
const SGR = /\x1b?\[<(\d+);(\d+);(\d+)([Mm])/y;

/** Reads an SGR report at `at` in `text`: what it is and where the text goes on, or undefined where none starts there. */
export function readMouse(text: string, at = 0): { report: MouseReport; next: number } | undefined {
  SGR.lastIndex = at;
  const match = SGR.exec(text);
  if (!match) return undefined;
  const button = Number(match[1]);
  // Bit 6 marks the wheel; modifier bits (4 shift, 8 meta, 16 ctrl) may be set with it; bit 0 says which way.
  // Only presses scroll (a wheel sends no release, but be safe).
  const wheel = (button & ~0b11100) === 64 || (button & ~0b11100) === 65 ? ((button & 1 ? 1 : -1) as -1 | 1) : undefined;
  return { report: wheel !== undefined && match[4] === 'M' ? { wheel } : {}, next: SGR.lastIndex };
}

/** The X10 report's prefix as Ink hands it over (ESC stripped): its three bytes follow as the next input. */
export const X10_PREFIX = '[M';
/** The bytes after an X10 prefix. */
export const X10_BYTES = 3;
