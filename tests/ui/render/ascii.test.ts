import { describe, expect, it } from 'vitest';
import { labs } from '../../../src/labs/registry.js';
import { asciiEvent, asciiGlyphs, asciiText } from '../../../src/ui/render/ascii.js';
import { createTextReporter } from '../../../src/ui/text/reporter.js';
import { collect, SMALL_RUNS } from '../../helpers.js';

describe('--ascii', () => {
  it('glyphs are replaced one for one (a frame keeps its layout); letters become words before layout', () => {
    expect(asciiGlyphs('a · b — c … ↑/↓ ×2 x₁ w² ─│┼ █░')).toBe('a - b - c . ^/v x2 x1 w2 -|+ #.');
    expect(asciiText('η = 0.1, σ(z), ∂L/∂w, Σ wᵢ')).toBe('eta = 0.1, sigma(z), dL/dw, sum wi');
    // Arrows and comparisons in words take two characters, never a lone > that reads "greater than".
    expect(asciiText('Linear regression → logistic regression; x ≥ 0, lr ≤ 1')).toBe('Linear regression -> logistic regression; x >= 0, lr <= 1');
    expect(asciiGlyphs('↑/↓ → ')).toBe('^/v > '); // a frame already laid out keeps one glyph for one
    expect(asciiEvent({ kind: 'table', id: 't', title: 'η·x', columns: ['∂L/∂w'], rows: [[1, 'σ', null]] })).toEqual({
      kind: 'table',
      id: 't',
      title: 'eta-x',
      columns: ['dL/dw'],
      rows: [[1, 'sigma', null]],
    });
  });

  it.each(labs.map((lab) => [lab.id, lab] as const))('lab %s in text is ASCII from its first line to its last', async (id, lab) => {
    const lines: string[] = [];
    const report = createTextReporter((line) => lines.push(line), { style: { width: 80, color: false, ascii: true } });
    for (const event of await collect(lab, { params: SMALL_RUNS[id] ?? {}, backend: id === 'mlp' ? 'wasm' : 'cpu' })) report(event);
    const bad = lines.filter((line) => /[^\x00-\x7f]/.test(line));
    expect(bad, bad.slice(0, 3).join('\n')).toEqual([]);
  });
});
