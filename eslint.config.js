import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ioModules = ['fastify', 'kysely', 'pg', 'better-sqlite3', 'pino', 'node-pty'];
const nodeBuiltins = ['node:fs', 'node:fs/promises', 'node:http', 'node:https', 'node:net', 'node:child_process', 'node:os', 'node:path', 'node:process'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'packages/web/dist/**', 'bench/results/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    // The contract, the pipeline language and every policy stay pure: no I/O imports.
    files: ['packages/protocol/**/*.ts', 'packages/pipeline/**/*.ts', '**/*-policy.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [...ioModules, ...nodeBuiltins] }],
    },
  },
  {
    files: ['packages/hub/src/**/*.ts'],
    ignores: ['packages/hub/src/store/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ['kysely', '@outpost/agent'] }] },
  },
  {
    files: ['packages/agent/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['@outpost/hub'] }] },
  },
);
