import nextPlugin from '@next/eslint-plugin-next';
import { react } from './react.js';
import { repositoriesOnly } from './repositories.js';

/** @param {string} tsconfigRootDir the package directory */
export function next(tsconfigRootDir) {
  return [
    ...react(tsconfigRootDir),
    {
      files: ['**/*.ts', '**/*.tsx'],
      plugins: { '@next/next': nextPlugin },
      rules: {
        ...nextPlugin.configs.recommended.rules,
        ...nextPlugin.configs['core-web-vitals'].rules,
      },
    },
    ...repositoriesOnly,
  ];
}
