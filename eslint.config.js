import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const rawIpc = {
  paths: [
    {
      name: 'electron',
      importNames: ['ipcRenderer', 'ipcMain'],
      message: 'Only main/app/ipc-adapter.ts and preload/index.ts may touch raw IPC; use the typed contract.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-artifacts/**', 'resources/examples/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.mjs', 'build/**/*.mjs', '.ci/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
  },
  {
    languageOptions: { parserOptions: { ecmaVersion: 2023, sourceType: 'module' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', rawIpc],
    },
  },
  {
    // The npm bin's CommonJS front (bin/hapyy.cjs): synchronous start for --version and --help.
    files: ['bin/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', parserOptions: { ecmaFeatures: { globalReturn: true } }, globals: { process: 'readonly', require: 'readonly', __filename: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // With verbatimModuleSyntax, `import { type X } from 'm'` still loads m (as `import 'm'`): in bundled code that
    // runs m's top level (zod schemas, for shared/contract) on paths that only wanted a type. `import type` does not.
    files: ['main/**/*.ts', 'shared/**/*.ts'],
    rules: { '@typescript-eslint/no-import-type-side-effects': 'error' },
  },
  {
    // Only the Electron shell imports 'electron' at all.
    files: ['main/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    ignores: ['main/app/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: "Only main/app/ may import 'electron'; inject what you need." }] },
      ],
    },
  },
  {
    // The adapter and the preload touch raw IPC; the entry hands the whole module to the shell, which gives
    // ipcMain only to the adapter.
    files: ['main/app/ipc-adapter.ts', 'preload/index.ts', 'main/app/index.ts', 'main/app/shell.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'tests/component/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
);
