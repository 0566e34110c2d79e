// The lab's content blocks as lines: shared by the text reporter and the full-screen app.
import { chrome } from '../text/chrome.js';
import type { Block, LabViewState } from '../state.js';
import { asciiGlyphs } from './ascii.js';
import { renderChart } from './chart.js';
import { renderFieldBlock } from './field.js';
import { renderImages } from './images.js';
import type { DrawStyle } from './style.js';
import { renderMatrix, renderTable } from './table.js';
import { renderText, wrapLines } from './text.js';

export function renderBlock(state: LabViewState, block: Block, style: DrawStyle, chartHeight?: number): string[] {
  const lines = drawBlock(state, block, style, chartHeight);
  // Labs' own drawings (the summary's tree, the backprop graph) use box drawing too.
  return style.ascii ? lines.map(asciiGlyphs) : lines;
}

function drawBlock(state: LabViewState, block: Block, style: DrawStyle, chartHeight?: number): string[] {
  switch (block.type) {
    case 'text':
      return renderText(block.text, style);
    case 'table':
      return renderTable(state.tables[block.id], style);
    case 'chart':
      return renderChart(state.charts[block.id], style, chartHeight);
    case 'matrix':
      return renderMatrix(state.matrices[block.id], style);
    case 'field':
      return renderFieldBlock(state.fields[block.id], style);
    case 'image':
      return renderImages(state.images[block.id], style);
    case 'warning':
      return wrapLines(`${chrome(state.start?.lang).warning}: ${block.message}`, style.width);
  }
}

/** All blocks with a blank line between them. */
export function renderBlocks(state: LabViewState, blocks: readonly Block[], style: DrawStyle, chartHeight?: number): string[] {
  return blocks.flatMap((block, i) => [...(i > 0 ? [''] : []), ...renderBlock(state, block, style, chartHeight)]);
}
