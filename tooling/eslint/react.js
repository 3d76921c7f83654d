import reactHooks from 'eslint-plugin-react-hooks';
import { base } from './base.js';

/** @param {string} tsconfigRootDir the package directory */
export function react(tsconfigRootDir) {
  return [
    ...base(tsconfigRootDir),
    {
      files: ['**/*.tsx', '**/*.ts'],
      plugins: { 'react-hooks': reactHooks },
      rules: {
        'react-hooks/rules-of-hooks': 'error',
        'react-hooks/exhaustive-deps': 'warn',
        // `onClick={async () => …}` is how React handlers are written; a rejected handler promise
        // is still reported by no-floating-promises inside the handler's body.
        '@typescript-eslint/no-misused-promises': [
          'error',
          { checksVoidReturn: { attributes: false } },
        ],
      },
    },
  ];
}
