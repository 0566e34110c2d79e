// Headless text output: complete lines only, no escape codes. Narration and
// epoch lines print as they happen; tables, charts and matrices print when
// their section ends (at the next narration or warning, or at the end) in final form;
// maps (field events, redrawn while training) print once, final, at the end.
import { asciiEvent, asciiGlyphs } from '../render/ascii.js';
import { chrome, deviceLine } from './chrome.js';
import type { LabEvent } from '../../labs/kit/events.js';
import { renderBlocks } from '../render/blocks.js';
import { renderEpochLine, renderResult, wrapItems, wrapLines } from '../render/text.js';
import { displayWidth } from '../format.js';
import type { DrawStyle } from '../render/style.js';
import { initialState, reduce } from '../state.js';

/**
 * Terminal control sequences (CSI such as ESC[?1049h, OSC, ESC + one character) and
 * every other control character but newline and tab: a lab module's text could carry
 * them, and text mode promises a terminal and a pipe none.
 */
const CONTROLS = /\x1b(\[[0-?]*[ -/]*[@-~]|[\]PX^_][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_]?)|\x9b[0-?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/** The event with every string in it cleared of control sequences (the event itself is not changed). */
export function withoutControls<T>(value: T): T {
  if (typeof value === 'string') return value.replace(CONTROLS, '') as T;
  if (Array.isArray(value)) return value.map(withoutControls) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutControls(v)])) as T;
  return value;
}

export interface TextReporterOptions {
  style: DrawStyle;
  /** Only the result (`--quiet`). */
  quiet?: boolean;
  /** A terminal reads it (--plain): epoch lines fit its width; a file or a pipe keeps Keras's line whole. */
  terminal?: boolean;
}

export function createTextReporter(writeLine: (line: string) => void, { style, quiet = false, terminal = false }: TextReporterOptions) {
  let state = initialState();
  let printed = 0;
  // --ascii: the lab's words before layout (η → eta), then every line glyph by glyph.
  const out = style.ascii ? (line: string) => writeLine(asciiGlyphs(line)) : writeLine;
  const print = (lines: string[]) => {
    if (!quiet) lines.forEach((line) => out(line));
  };
  const flush = (final = false) => {
    const pending = state.blocks.slice(printed).filter((b) => b.type !== 'field');
    const maps = final ? state.blocks.filter((b) => b.type === 'field') : [];
    if (pending.length + maps.length > 0) print(['', ...renderBlocks(state, [...pending, ...maps], style)]);
    printed = state.blocks.length;
  };

  const words = () => chrome(state.start?.lang);
  return (given: LabEvent): void => {
    const clean = withoutControls(given);
    const event = style.ascii ? asciiEvent(clean) : clean;
    state = reduce(state, event);
    switch (event.kind) {
      case 'start':
        // Within the width, broken between its parts (the seed stays with its number), and a
        // part longer than a line wrapped (a Chinese device line is longer than the English one).
        print(
          [
            `nnlab ${event.version} · ${event.number > 0 ? `lab ${event.number} ` : ''}${event.lab} — ${event.title}`,
            ...wrapItems(
              [
                `${chrome(event.lang).backend}: ${event.backend}`,
                deviceLine(event.deviceDetail, event.deviceFacts, event.lang),
                `${chrome(event.lang).seed} ${event.seed}`,
              ],
              ' · ',
              style.width,
              '',
              '  ',
            ),
          ].flatMap((line) => (displayWidth(line) > style.width ? wrapLines(line, style.width) : [line])),
        );
        break;
      case 'text':
      case 'warning': // a block of its own: printed in its place, with what came before it
        flush();
        break;
      case 'metric':
        // Keras verbose=2: one line per epoch as it ends; the charts follow once, complete.
        if (event.scope === 'epoch') print([renderEpochLine(event, terminal ? style.width : Infinity)]);
        break;
      case 'end':
        flush(true);
        if (state.result && Object.keys(state.result.metrics).length > 0) {
          const lines = renderResult(state.result.metrics);
          if (quiet) lines.forEach((line) => out(line.trim()));
          else print(['', words().result, ...lines]);
        }
        if (event.status === 'ok') print(['', words().doneIn(event.elapsedMs)]);
        else if (event.status === 'interrupted') print(['', words().interruptedAfter(event.elapsedMs)]);
        break;
      default:
        break;
    }
  };
}
