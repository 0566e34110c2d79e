// ESLint for src/, tests/, scripts/ and examples/ (npm run lint; npm test runs it).
// Syntax rules only, no type information: tsc --noEmit already type-checks, and this keeps lint fast.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'src/labs/kit/generated/', 'src/engine/nn/cpu/assembly/', 'src/engine/nn/cpu/generated/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A terminal app matches escape sequences (\x1b[…m) and the ASCII range (\x00-\x7f) on purpose.
      'no-control-regex': 'off',
      // `const { a, ...rest } = o` leaves a out on purpose, as tsc's noUnusedLocals allows.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
