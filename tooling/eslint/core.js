// packages/core stays pure: no framework, database, filesystem or network imports.
import base from './base.js';

const forbidden = [
  'next',
  'next/*',
  'react',
  'react-dom',
  '@prisma/*',
  'prisma',
  'pg',
  'ws',
  'fs',
  'node:*',
  'http',
  'https',
  'net',
  '@coinview/db',
  '@coinview/db/*',
];

export default [
  ...base,
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: forbidden, message: 'packages/core is pure: no I/O or framework imports.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'fetch', 'process', 'setTimeout', 'setInterval'],
    },
  },
];
