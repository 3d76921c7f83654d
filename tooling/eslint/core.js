// packages/core stays pure: an allow-list, not a block-list. Its modules may import each other
// (relative paths) and the few pure libraries below, nothing else: no Node built-in (`crypto`,
// `path`, `node:*`), framework, database or network package, whatever its name. The Node globals
// that reach the outside world (`Buffer`, `process`, `crypto`, timers, `fetch`) are forbidden too,
// since they need no import. Tests beside the code may read fixtures from disk.
import { base } from './base.js';

/** Pure libraries core may import (a package name and its subpaths). */
export const coreAllowedPackages = ['zod', 'technicalindicators', 'decimal.js'];

const escape = (name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const allowed = ['\\.{1,2}/', ...coreAllowedPackages.map((name) => `${escape(name)}(?:/|$)`)];

/** @param {string} tsconfigRootDir the package directory */
export function core(tsconfigRootDir) {
  return [
    ...base(tsconfigRootDir),
    {
      files: ['src/**/*.ts'],
      ignores: ['src/**/*.test.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                regex: `^(?!(?:${allowed.join('|')}))`,
                message: `packages/core is pure: import only relative modules and ${coreAllowedPackages.join(', ')} (tooling/eslint/core.js).`,
              },
            ],
          },
        ],
        'no-restricted-syntax': [
          'error',
          {
            selector: 'ImportExpression',
            message: 'packages/core is pure: no dynamic import().',
          },
        ],
        'no-restricted-globals': [
          'error',
          ...[
            'Buffer',
            'process',
            'crypto',
            'require',
            'global',
            'globalThis',
            '__dirname',
            '__filename',
            'fetch',
            'XMLHttpRequest',
            'WebSocket',
            'setTimeout',
            'setInterval',
            'setImmediate',
          ].map((name) => ({
            name,
            message: `packages/core is pure: no \`${name}\`; declare a port (src/ports.ts) and let the app implement it.`,
          })),
        ],
      },
    },
  ];
}
