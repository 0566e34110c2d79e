// string-width 8 writes /^\p{RGI_Emoji}$/v as a literal, and V8 parses a regular
// expression literal when it compiles the module: this one, a set of strings, takes
// about 13 ms, a sixth of the app's cold start, before any text is measured. In the
// bundle it is built on first use instead, and only tried on a grapheme that has an
// emoji-presentation code point or U+FE0F, which every RGI emoji has (UTS #51: a
// text-style character needs FE0F; keycaps carry FE0F; flags, skin tones and tag
// bases present as emoji). tests/lazy-emoji-regex.test.ts compares widths with and
// without the patch.
const LITERAL = 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;';
/** True of every RGI emoji (tests/lazy-emoji-regex.test.ts checks it on every kind of sequence). */
export const MAY_BE_RGI_EMOJI = /[\p{Emoji_Presentation}\uFE0F]/u;
const LAZY = [
  `const mayBeRgiEmoji = ${MAY_BE_RGI_EMOJI};`,
  'let rgiEmojiPattern;',
  "const rgiEmojiRegex = { test: (segment) => mayBeRgiEmoji.test(segment) && (rgiEmojiPattern ??= new RegExp('^\\\\p{RGI_Emoji}$', 'v')).test(segment) };",
].join(' ');

/** string-width's source with the regular expression made lazy; throws if its source no longer has it. */
export function lazyEmojiRegex(source) {
  if (!source.includes(LITERAL))
    throw new Error('string-width no longer declares rgiEmojiRegex as scripts/lazy-emoji-regex.mjs expects: update the patch or drop it');
  return source.replace(LITERAL, () => LAZY);
}

/** The esbuild plugin: patches string-width 8's index.js wherever it is bundled. */
export const lazyEmojiRegexPlugin = {
  name: 'lazy-emoji-regex',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/ }, async ({ path }) => {
      const { readFile } = await import('node:fs/promises');
      const source = await readFile(path, 'utf8');
      // string-width 7 and older (under wrap-ansi, cliui) use the emoji-regex package instead.
      // A version that writes the expression otherwise loses only this saving (the benchmark's cold start shows it).
      if (!source.includes('RGI_Emoji}$/v')) return undefined;
      return { contents: lazyEmojiRegex(source), loader: 'js' };
    });
  },
};
