// The lab's content blocks as lines: shared by the text reporter and the full-screen app.
import type { Block, LabViewState } from '../state.js';
import { renderChart } from './chart.js';
import type { DrawStyle } from './style.js';
import { renderMatrix, renderTable } from './table.js';
import { renderText } from './text.js';

export function renderBlock(state: LabViewState, block: Block, style: DrawStyle, chartHeight?: number): string[] {
  switch (block.type) {
    case 'text':
      return renderText(block.text, style);
    case 'table':
      return renderTable(state.tables[block.id], style);
    case 'chart':
      return renderChart(state.charts[block.id], style, chartHeight);
    case 'matrix':
      return renderMatrix(state.matrices[block.id], style);
  }
}

/** All blocks with a blank line between them. */
export function renderBlocks(state: LabViewState, blocks: readonly Block[], style: DrawStyle, chartHeight?: number): string[] {
  return blocks.flatMap((block, i) => [...(i > 0 ? [''] : []), ...renderBlock(state, block, style, chartHeight)]);
}
