import { base } from '@coinview/eslint-config/base';

export default [
  ...base(import.meta.dirname),
  {
    // Plain Node scripts (scripts/generate.mjs) run outside TypeScript's view of Node globals.
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
];
