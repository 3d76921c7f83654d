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
      'Your charts, alerts and backtests — on your own machine.',
      'Back-test a rule over a year of history',
    ];
    for (const text of claims)
      expect(
        NOT_YET_BUILT.some(({ claim, exceptInDocs }) => claimsFeature(text, claim, exceptInDocs)),
      ).toBe(true);
  });

  it('lets a README line describe the backtest command, not a backtest page', () => {
    const backtests = NOT_YET_BUILT.find(({ feature }) => /backtest/.test(feature))!;
    const inDocs = (text: string) => claimsFeature(text, backtests.claim, backtests.exceptInDocs);
    expect(inDocs('npx pnpm coinview backtest --strategy s.json --csv btc-1d.csv')).toBe(false);
    expect(
      inDocs('apps/cli            `npx pnpm coinview history|capture|backtest`: data tools'),
    ).toBe(false);
    expect(inDocs('Open the Backtest page to test a strategy')).toBe(true);
    expect(inDocs('Backtests run in the browser; `coinview history` downloads bars')).toBe(true);
    // pages never get the exception
    expect(claimsFeature('Run coinview backtest from here', backtests.claim, undefined)).toBe(true);
  });
});
