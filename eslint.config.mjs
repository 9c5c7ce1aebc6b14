// ESLint (flat config) with typescript-eslint: `npm run lint`, also run by `npm test`.
// The rule that matters most: src/core never imports `vscode` (it must stay testable in plain node).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'media/**', 'node_modules/**', 'out/**', '**/*.js', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs'],
    languageOptions: {
      globals: {
        console: 'readonly',
        fetch: 'readonly',
        document: 'readonly',
        process: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        queueMicrotask: 'readonly',
        URL: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        Buffer: 'readonly',
        __dirname: 'readonly',
        AbortController: 'readonly',
        structuredClone: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'max-len': ['error', { code: 140, ignoreUrls: true, ignoreRegExpLiterals: true, ignorePattern: '^\\s*(import|export) ' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-template-curly-in-string': 'off',
      // Stripping and testing control characters is deliberate here (titles reaching a terminal, key rules).
      'no-control-regex': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core is pure TypeScript: reach VS Code only from src/vscode.' }],
          patterns: [{ group: ['**/vscode/**', '**/vscode'], message: 'src/core never imports the VS Code layer.' }],
        },
      ],
    },
  },
  {
    // A feature folder never imports another feature folder, and the shared floors never import a feature.
    files: ['src/vscode/workspace/**/*.ts', 'src/vscode/util/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '../{tree,preview,editor,draft,cite,bibliography,citedIn,notes,search}',
                '../{tree,preview,editor,draft,cite,bibliography,citedIn,notes,search}/*',
              ],
              message: 'workspace/ and util/ are shared: they never import a feature folder.',
            },
          ],
        },
      ],
    },
  },
);
