import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'tests/e2e/screenshots/**', 'tests/.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Never spread an unbounded array into a call: past ~100k elements it throws
    // "Maximum call stack size exceeded" (issue 14). Use a loop or shared/util/arrays.ts.
    files: ['**/*.{ts,tsx,mjs,js}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name=/^(push|unshift|splice)$/] > SpreadElement",
          message: 'Do not spread an array into push/unshift/splice (stack overflow on large arrays): use a loop or pushAll (shared/util/arrays.ts).',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name=/^(max|min|hypot)$/] > SpreadElement",
          message: 'Do not spread an array into Math.max/min (stack overflow on large arrays): use a loop or maxOf/minOf (shared/util/arrays.ts).',
        },
        {
          selector: "CallExpression[callee.object.name='String'][callee.property.name=/^fromC(harCode|odePoint)$/] > SpreadElement",
          message: 'Do not spread an array into String.fromCharCode (stack overflow on large arrays): decode in a loop or with TextDecoder.',
        },
        {
          selector: "CallExpression[callee.property.name='apply'][arguments.length=2]",
          message: 'Do not pass an array to Function.prototype.apply (stack overflow on large arrays): use a loop.',
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.mjs', 'tests/**/*.{mjs,js}', 'eslint.config.js'],
    languageOptions: { globals: globals.node },
  },
);
