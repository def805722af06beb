import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Import boundaries (STYLE.md §8). In flat config the last `no-restricted-imports` block that matches a file wins and
// options never merge, so boundaryBlocks() makes the last match for every file the block holding all its restrictions.

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const anyOf = (names) => `^(?:${names.map(escape).join('|')})(?:/|$)`;
const bareBuiltins = builtinModules.filter((name) => !name.startsWith('node:') && !name.startsWith('_'));

/** Pure code (the contract, the pipeline language, every policy): data in, data out. */
const pure = {
  files: ['packages/protocol/**/*.ts', 'packages/pipeline/**/*.ts', '**/*-policy.ts'],
  ignores: ['**/*.test.ts', '**/test/**'],
  restrictions: [
    { regex: '^node:(?!crypto$)', message: 'pure code does no I/O: node:crypto (for hashing) is the only built-in it may import' },
    { regex: anyOf(bareBuiltins), message: 'pure code does no I/O; a built-in is imported as node:crypto and only that one' },
    { regex: anyOf(['fastify', 'kysely', 'pg', 'better-sqlite3', 'pino', 'node-pty', '@lydell/node-pty']), message: 'pure code does no I/O: gather the inputs in the caller and pass them in' },
    { regex: '^@fastify/', message: 'pure code does no I/O: gather the inputs in the caller and pass them in' },
    // Row types may be shared (erased at build); the store's functions may not.
    { regex: '(?:^|/)store(?:/|$)', allowTypeImports: true, message: 'a policy decides from data it is given; the caller reads the store' },
    { regex: anyOf(['@outpost/hub', '@outpost/agent', '@outpost/web']), message: 'pure code depends on nothing but the contract' },
  ],
};

const notAgent = { regex: anyOf(['@outpost/agent']), message: 'the hub and the agent never import each other; tests needing both live in e2e/' };
const notHub = { regex: anyOf(['@outpost/hub']), message: 'the hub and the agent never import each other; tests needing both live in e2e/' };
const notKysely = { regex: anyOf(['kysely']), message: 'only packages/hub/src/store/ contains SQL' };

/** Package scopes; a file in a scope that is also pure gets both lists in one rule. */
const scopes = [
  { files: ['packages/hub/src/**/*.ts'], ignores: ['packages/hub/src/store/**'], restrictions: [notKysely, notAgent] },
  { files: ['packages/hub/src/store/**/*.ts'], ignores: [], restrictions: [notAgent] },
  { files: ['packages/agent/src/**/*.ts'], ignores: [], restrictions: [notHub] },
];

// The typescript-eslint variant understands `allowTypeImports`; the core rule stays off so the two never disagree.
const restrict = (patterns) => ({ 'no-restricted-imports': 'off', '@typescript-eslint/no-restricted-imports': ['error', { patterns }] });

/**
 * Blocks in an order where the last match is the right one: pure files, then each scope, then each scope's pure
 * files with both lists. Tests are exempt from purity (they may read fixtures) but not from their package's rule.
 */
export function boundaryBlocks({ pure: pureGroup, scopes: scopeGroups }) {
  return [
    { files: pureGroup.files, ignores: pureGroup.ignores, rules: restrict(pureGroup.restrictions) },
    ...scopeGroups.map((scope) => ({ files: scope.files, ignores: scope.ignores, rules: restrict(scope.restrictions) })),
    ...scopeGroups.map((scope) => ({
      // A nested array in `files` matches a file only when every pattern in it does: the scope's pure files.
      files: scope.files.flatMap((scopeGlob) => pureGroup.files.map((pureGlob) => [scopeGlob, pureGlob])),
      ignores: [...scope.ignores, ...pureGroup.ignores],
      rules: restrict([...pureGroup.restrictions, ...scope.restrictions]),
    })),
  ];
}

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
  ...boundaryBlocks({ pure, scopes }),
);
