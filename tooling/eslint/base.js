// Shared lint rules for every workspace package.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/.next/**', '**/dist/**', '**/generated/**', '**/.turbo/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['warn', { fixStyle: 'inline-type-imports' }],
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
