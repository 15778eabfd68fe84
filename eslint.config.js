import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

/*
 * The layers (issue #17; scripts/check-deps.mjs checks the same from outside, tests/unit/lintLayers.test.ts
 * shows each rule failing on a bad import): shared/ is pure TypeScript; the domain folders of shared/ never
 * import shared/api (the API depends on the domain, not the other way round); electron/backend/ (shared by
 * Electron and browser mode) never imports Electron; renderer/ never imports electron/ (it goes through the
 * API contract and the preload's bridge).
 */
const NODE_BUILTINS = builtinModules.filter((m) => !m.startsWith('_') && !m.startsWith('node:'));
const sharedPure = {
  paths: NODE_BUILTINS.map((name) => ({ name, message: 'shared/ is pure TypeScript: no Node built-ins.' })),
  patterns: [
    { regex: '^node:', caseSensitive: true, message: 'shared/ is pure TypeScript: no Node built-ins.' },
    { regex: '^electron(/|$)', caseSensitive: true, message: 'shared/ is pure TypeScript: no Electron.' },
    {
      regex: '^(react|react-dom|react-i18next|antd|@ant-design/[^/]+|echarts|zrender)(/|$)',
      caseSensitive: true,
      message: 'shared/ is pure TypeScript: no React or DOM-only libraries (they belong in renderer/).',
    },
    { regex: '^(\\.\\.?/)+(.*/)?(renderer|electron)(/|$)', caseSensitive: true, message: 'shared/ may import only shared/.' },
  ],
};
const domainNoApi = {
  regex: '^(\\.\\.?/)+(.*/)?api(/|$)',
  caseSensitive: true,
  message: 'The domain folders of shared/ never import shared/api: the API re-exports the domain (e.g. shared/model/trace.ts), not the other way round.',
};

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
    files: ['shared/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', sharedPure] },
  },
  {
    // the same, plus: no shared/api (a later block replaces the rule's options, so both are listed)
    files: ['shared/**/*.{ts,tsx}'],
    ignores: ['shared/api/**'],
    rules: { 'no-restricted-imports': ['error', { paths: sharedPure.paths, patterns: [...sharedPure.patterns, domainNoApi] }] },
  },
  {
    files: ['electron/backend/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ regex: '^electron(/|$)', caseSensitive: true, message: 'electron/backend/ runs in Electron and in browser mode: no Electron imports (they belong in electron/main/).' }],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^electron(/|$)', caseSensitive: true, message: 'renderer/ never imports Electron: the preload exposes window.holdfast (shared/api/bridge.ts).' },
            { regex: '^(\\.\\.?/)+(.*/)?electron(/|$)', caseSensitive: true, message: 'renderer/ never imports electron/: go through the API contract (shared/api).' },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.mjs', 'tests/**/*.{mjs,js}', 'eslint.config.js'],
    languageOptions: { globals: globals.node },
  },
);
