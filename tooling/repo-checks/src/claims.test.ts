// The README and the web app's pages claim only what runs: none of the words of a feature listed
// in ./not-yet-built may appear in the docs a reader follows or in the text a visitor sees.
import { describe, expect, it } from 'vitest';
import { NOT_YET_BUILT } from './not-yet-built';
import { listFiles, readRepoFile } from './repo-files';

/** TSX without its comments: the text a visitor can see is in the JSX and string literals. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const documents = [
  'README.md',
  ...listFiles('apps', ['README.md']),
  ...listFiles('packages', ['README.md']),
];
const pages = [
  ...listFiles('apps/web/src/app', ['.tsx']),
  ...listFiles('apps/web/src/components', ['.tsx']),
].filter((f) => !f.endsWith('.test.tsx'));

function claimsIn(
  files: string[],
  read: (file: string) => string,
  kind: 'docs' | 'pages',
): string[] {
  const found: string[] = [];
  for (const file of files) {
    const lines = read(file).split('\n');
    lines.forEach((line, i) => {
      for (const { feature, claim, exceptInDocs } of NOT_YET_BUILT)
        if (claimsFeature(line, claim, kind === 'docs' ? exceptInDocs : undefined))
          found.push(`${file}:${i + 1} claims ${feature}: ${line.trim()}`);
    });
  }
  return found;
}

function claimsFeature(line: string, claim: RegExp, except: RegExp | undefined): boolean {
  return claim.test(line) && !(except?.test(line) ?? false);
}

describe('claims match what runs', () => {
  it('finds the files it checks', () => {
    expect(documents).toContain('README.md');
    expect(pages).toContain('apps/web/src/app/layout.tsx');
    expect(pages).toContain('apps/web/src/app/(auth)/layout.tsx');
  });

  it('the README and the package READMEs claim no feature that is not built', () => {
    expect(claimsIn(documents, readRepoFile, 'docs')).toEqual([]);
  });

  it("the web app's pages and metadata claim no feature that is not built", () => {
    expect(claimsIn(pages, (f) => withoutComments(readRepoFile(f)), 'pages')).toEqual([]);
  });

  it('recognises each claim it forbids', () => {
    const claims = [
      'Optimisation: find the best RSI period',
      'Run a parameter sweep over a year of history',
      'Walk-forward tests show overfitting',
    ];
    for (const text of claims)
      expect(
        NOT_YET_BUILT.some(({ claim, exceptInDocs }) => claimsFeature(text, claim, exceptInDocs)),
      ).toBe(true);
  });

  it('lets a README line describe the sweep command, not a sweep page', () => {
    const sweeps = NOT_YET_BUILT.find(({ feature }) => /sweep/.test(feature))!;
    const inDocs = (text: string) => claimsFeature(text, sweeps.claim, sweeps.exceptInDocs);
    expect(
      inDocs('npx pnpm coinview backtest --strategy s.json --sweep sweep.json: a parameter sweep'),
    ).toBe(false);
    expect(inDocs('Open the Backtests page and run a parameter sweep')).toBe(true);
    // pages never get the exception
    expect(claimsFeature('Parameter sweep with coinview backtest', sweeps.claim, undefined)).toBe(
      true,
    );
  });

  it('lets the web app say backtest now that the page runs', () => {
    expect(NOT_YET_BUILT.some(({ claim }) => claimsFeature('Backtests', claim, undefined))).toBe(
      false,
    );
  });
});
