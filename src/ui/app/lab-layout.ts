// How the lab screen shares its rows: a chart pinned above the scrolling text,
// a map, charts in the text. Each grows with the terminal, so a tall window
// (a lecture hall's projector) gets bigger charts, not just more text.

/** Rows the scrolling text keeps, at the least, below a pinned chart or map. */
const MIN_TEXT_ROWS = 3;

/**
 * The most a pinned chart or map may take of the lab screen's `height`: what is
 * left after its heading, the rule under the pinned block, the text's least rows
 * and the footer. More, and the screen would be taller than the terminal.
 */
export const pinnedRoom = (height: number): number => height - 2 - MIN_TEXT_ROWS;

/**
 * The pinned live chart: 40 % of the rows up to a 24-row terminal, then half
 * of each row beyond it (at 80×24 as before; 18 rows more at 200×50).
 */
export const pinnedChartRows = (height: number): number => (height <= 20 ? Math.max(8, Math.round(height * 0.4)) : 8 + Math.round((height - 20) / 2));

/** The height to draw the pinned chart at: renderChart adds 4 lines (title, a row, axis, legend), and it must fit its room. */
export const pinnedChartHeight = (height: number): number => Math.min(pinnedChartRows(height) - 3, pinnedRoom(height) - 4);

/** A lab's map (a field) takes most of the screen, leaving a few rows of its narration below. */
export const fieldPanelRows = (height: number): number => Math.min(pinnedRoom(height), Math.max(8, height - 7));

/** Charts in the scrolling text: 60 % of the rows, and never taller than the text's view less their title, axis and legend. */
export const textChartRows = (height: number, scrollHeight: number): number => Math.max(4, Math.min(Math.max(6, Math.round(height * 0.6)), scrollHeight - 5));
