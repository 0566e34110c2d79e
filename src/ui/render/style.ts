import type { Theme } from './theme.js';

/** How to draw: the width available, colour or not, box-drawing or plain ASCII. */
export interface DrawStyle {
  width: number;
  color: boolean;
  ascii: boolean;
  /** Which colours mean what (theme.ts); the dark theme when not given. */
  theme?: Theme;
  /** Line charts in braille dots, 2×4 per cell: where a terminal draws Unicode (never with ascii). */
  braille?: boolean;
  /** Line charts with a log-scale y axis. */
  logY?: boolean;
}

export const PLAIN: DrawStyle = { width: 80, color: false, ascii: false };
