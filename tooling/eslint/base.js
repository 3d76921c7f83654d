// Shared lint rules for every workspace package. Type-aware (typescript-eslint's
// recommendedTypeChecked): a promise nobody awaits, a promise handed where a void callback is
// expected, or a `!`/`as` the types already guarantee is an error, not a review comment. Each
// package's eslint.config.js calls `base(import.meta.dirname)` so the type information comes from
// that package's own tsconfig.json.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** @param {string} tsconfigRootDir the package directory (its eslint.config.js's import.meta.dirname) */
export function base(tsconfigRootDir) {
  return tseslint.config(
    {
      ignores: [
        '**/node_modules/**',
        '**/.next/**',
        '**/.next-bench/**',
        '**/dist/**',
        '**/generated/**',
        '**/.turbo/**',
        '**/next-env.d.ts',
      ],
    },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
      languageOptions: {
        parserOptions: { projectService: true, tsconfigRootDir },
      },
    },
    {
      files: ['**/*.ts', '**/*.tsx'],
      rules: {
        '@typescript-eslint/no-unused-vars': [
          'error',
          { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
        ],
        '@typescript-eslint/consistent-type-imports': ['warn', { fixStyle: 'inline-type-imports' }],
        // `async` on a function without `await` is deliberate here: it implements a port that
        // returns a promise, and turns a synchronous throw into a rejection the caller handles.
        '@typescript-eslint/require-await': 'off',
        // Deep imports into another package's src/ bypass its public `exports`.
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              { group: ['@coinview/*/src/*'], message: 'Import through the package exports.' },
            ],
          },
        ],
      },
    },
    {
      // Vitest types its asymmetric matchers (`expect.any(Date)`, `expect.stringMatching(…)`) as
      // `any`; placing one in an expected object is how they are used, and the assertion itself
      // checks the value. Calls, member accesses, arguments and returns of `any` are still reported.
      files: ['**/*.test.ts', '**/*.test.tsx'],
      rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
    },
    {
      // Plain JavaScript (eslint.config.js, *.mjs scripts) is outside every tsconfig.
      files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
      ...tseslint.configs.disableTypeChecked,
    },
    {
      // Env is read in one validated module per app, never scattered.
      files: ['**/src/**/*.ts', '**/src/**/*.tsx'],
      ignores: ['**/env.ts', '**/*.test.ts', '**/test/**'],
      rules: {
        'no-restricted-properties': [
          'error',
          { object: 'process', property: 'env', message: 'Read configuration through env.ts.' },
        ],
      },
    },
  );
}
