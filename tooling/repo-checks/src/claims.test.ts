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

  it('recognises a claim, and lets a README line that describes what runs use its words', () => {
    // A stand-in entry: the list is empty while every advertised feature runs.
    const feature = { claim: /\bback[ -]?test/i, exceptInDocs: /\bcoinview [\w|]*\bbacktest\b/ };
    const inDocs = (text: string) => claimsFeature(text, feature.claim, feature.exceptInDocs);
    expect(inDocs('Back-test a rule over a year of history')).toBe(true);
    expect(inDocs('npx pnpm coinview backtest --strategy s.json --csv btc-1d.csv')).toBe(false);
    // pages never get the exception
    expect(claimsFeature('Run coinview backtest from here', feature.claim, undefined)).toBe(true);
  });

  it('lets the web app name backtests, sweeps and walk-forward now that they run', () => {
    for (const text of ['Backtests', 'Sweep parameters', 'Walk-forward: choose in sample'])
      expect(NOT_YET_BUILT.some(({ claim }) => claimsFeature(text, claim, undefined))).toBe(false);
  });
});
