// Reading long output: / finds, n and N go round the matches, { and } jump between sections.
import { describe, expect, it } from 'vitest';
import { matchLines, nextMatch, sectionJump } from '../../../src/ui/app/search.js';

describe('search in the lab output', () => {
  const lines = ['Loss functions', '\x1b[1mMSE\x1b[22m loss 0.5', 'cross entropy', 'BCE LOSS 0.2', ''];

  it('finds the lines with the text, whatever its case or colours', () => {
    expect(matchLines(lines, 'loss')).toEqual([0, 1, 3]);
    expect(matchLines(lines, 'mse loss')).toEqual([1]); // the bold codes are not text
    expect(matchLines(lines, 'nothing')).toEqual([]);
    expect(matchLines(lines, '')).toEqual([]);
  });

  it('n and N go to the next and previous match, round the end', () => {
    expect(nextMatch([0, 1, 3], 1, 1)).toBe(3);
    expect(nextMatch([0, 1, 3], 3, 1)).toBe(0);
    expect(nextMatch([0, 1, 3], 1, -1)).toBe(0);
    expect(nextMatch([0, 1, 3], 0, -1)).toBe(3);
    expect(nextMatch([], 0, 1)).toBeUndefined();
  });

  it('{ and } go to the previous and next section start', () => {
    expect(sectionJump([0, 10, 25], 3, 1)).toBe(10);
    expect(sectionJump([0, 10, 25], 10, -1)).toBe(0);
    expect(sectionJump([0, 10, 25], 25, 1)).toBeUndefined();
    expect(sectionJump([0, 10, 25], 0, -1)).toBeUndefined();
  });
});
