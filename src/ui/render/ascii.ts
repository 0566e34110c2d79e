// --ascii: output in ASCII only (a terminal or a log that shows anything else
// as garbage). Two kinds of replacement:
// - glyphs, one character for one, so a drawn frame keeps its layout: box
//   drawing, arrows, dots, dashes, sub- and superscripts;
// - words for letters a reader must still understand (η → eta, σ → sigma), which
//   change widths: they are applied to a lab's events, before anything is laid out.
// Chinese text is left as it is: --ascii with --lang zh-TW keeps the language.

const GLYPHS: Record<string, string> = {
  '·': '-',
  '•': '*',
  '●': '*',
  '○': 'o',
  '◦': 'o',
  '—': '-',
  '–': '-',
  '−': '-',
  '…': '.',
  '‖': '|',
  '↑': '^',
  '↓': 'v',
  '→': '>',
  '←': '<',
  '›': '>',
  '‹': '<',
  '⇒': '>',
  '×': 'x',
  '÷': '/',
  '≥': '>',
  '≤': '<',
  '≈': '~',
  '≠': '#',
  '′': "'",
  '″': '"',
  '‘': "'",
  '’': "'",
  '“': '"',
  '”': '"',
  '°': 'o',
  '±': '+',
  '√': 'V',
  '∞': '8',
  '∑': 'E',
  '⊙': '*',
  '∘': 'o',
  '⁰': '0',
  '¹': '1',
  '²': '2',
  '³': '3',
  '⁴': '4',
  '⁵': '5',
  '⁶': '6',
  '⁷': '7',
  '⁸': '8',
  '⁹': '9',
  '⁻': '-',
  '⁺': '+',
  ᵀ: 'T',
  ᵗ: 't',
  '₀': '0',
  '₁': '1',
  '₂': '2',
  '₃': '3',
  '₄': '4',
  '₅': '5',
  '₆': '6',
  '₇': '7',
  '₈': '8',
  '₉': '9',
  ᵢ: 'i',
  ⱼ: 'j',
  ₖ: 'k',
  ₙ: 'n',
  ŷ: 'y',
  '✓': 'v',
  '✗': 'x',
  '█': '#',
  '▓': '+',
  '▒': ':',
  '░': '.',
  '▀': '"',
  '▄': '_',
  '▁': '_',
  '▂': '_',
  '▃': '_',
  '▅': '=',
  '▆': '=',
  '▇': '#',
};

const WORDS: Record<string, string> = {
  α: 'alpha',
  β: 'beta',
  γ: 'gamma',
  δ: 'delta',
  Δ: 'Delta',
  ε: 'eps',
  η: 'eta',
  θ: 'theta',
  λ: 'lambda',
  μ: 'mu',
  π: 'pi',
  σ: 'sigma',
  Σ: 'sum',
  τ: 'tau',
  φ: 'phi',
  ω: 'omega',
  '∂': 'd',
  '∇': 'grad',
  '∈': 'in',
  ŷ: 'y_hat',
  ˣ: '^x',
  ⁿ: '^n',
  ᵗ: '^t',
  '²': '^2',
  '³': '^3',
  // In words an arrow is two characters: "linear -> logistic", not "linear > logistic" (greater than).
  '→': '->',
  '←': '<-',
  '⇒': '=>',
  '≥': '>=',
  '≤': '<=',
  '≠': '!=',
};

/** Box drawing and block elements (U+2500–U+259F) by shape. */
function boxGlyph(ch: string): string | undefined {
  const code = ch.codePointAt(0)!;
  if (code < 0x2500 || code > 0x259f) return undefined;
  if ('─━═╌╍┄┅'.includes(ch)) return code === 0x2550 ? '=' : '-';
  if ('│┃║╎╏┆┇'.includes(ch)) return '|';
  return code >= 0x2580 ? '#' : '+';
}

/** One character for one: safe on a frame already laid out. */
export function asciiGlyphs(text: string): string {
  return text.replace(/[^\x00-\x7f]/gu, (ch) => GLYPHS[ch] ?? boxGlyph(ch) ?? ch);
}

/** Letters as words, then glyphs: for text not yet laid out. */
export function asciiText(text: string): string {
  return asciiGlyphs(text.replace(/[α-ωΑ-Ω∂∇∈ŷˣⁿᵗ²³→←⇒≥≤≠]/gu, (ch) => WORDS[ch] ?? ch));
}

/** A lab's event with every string in it made ASCII (numbers and structure untouched). */
export function asciiEvent<T>(value: T): T {
  if (typeof value === 'string') return asciiText(value) as T;
  if (Array.isArray(value)) return value.map(asciiEvent) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, asciiEvent(v)])) as T;
  return value;
}
