// Adds up the JSON reports of every Vitest and Playwright run into one closing line, so CI and
// people see at a glance how many tests ran.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
let passed = 0,
  failed = 0,
  skipped = 0;
const rows = [];

for (const group of ['apps', 'packages', 'tooling']) {
  for (const name of readdirSync(path.join(root, group))) {
    const file = path.join(root, group, name, '.test-results', 'vitest.json');
    if (!existsSync(file)) continue;
    const r = JSON.parse(readFileSync(file, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    rows.push(`${group}/${name}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  }
}
const e2e = path.join(root, 'e2e', '.test-results', 'playwright.json');
if (existsSync(e2e)) {
  const s = JSON.parse(readFileSync(e2e, 'utf8')).stats;
  passed += s.expected + s.flaky;
  failed += s.unexpected;
  skipped += s.skipped;
  rows.push(
    `e2e: ${s.expected + s.flaky} passed, ${s.unexpected} failed${s.flaky ? ` (${s.flaky} flaky)` : ''}`,
  );
}
console.log(rows.map((r) => `  ${r}`).join('\n'));
console.log(`Total: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
