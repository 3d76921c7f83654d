import { type Locator, type Page, type Route, expect, test } from '@playwright/test';
import { register, uniqueEmail } from './helpers';

/** Reads the chart's data attributes as numbers. */
async function readChart(chart: Locator) {
  const num = async (name: string) => Number(await chart.getAttribute(name));
  return {
    count: await num('data-bar-count'),
    first: await num('data-first-time'),
    gaps: await num('data-gaps'),
    viewStart: await num('data-view-start'),
    loading: (await chart.getAttribute('data-history-loading')) === 'true',
  };
}

/** Drags the chart's plot area to the right by `dx` pixels: the view moves back in time. */
async function dragRight(page: Page, chart: Locator, dx: number) {
  const box = await chart.boundingBox();
  if (!box) throw new Error('chart has no box');
  const y = box.y + box.height * 0.45;
  const x = box.x + box.width * 0.15;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y, { steps: 12 });
  await page.mouse.up();
}

/** Whether a tRPC request asks for an older page of market.candles (it carries `before`). */
function isOlderPage(route: Route): boolean {
  const url = new URL(route.request().url());
  return url.pathname.includes('market.candles') && /%22before%22|"before"/.test(url.search);
}

test('scrolling left loads older history without jumps or gaps, while live updates continue', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await register(page, {
    name: 'History Scroller',
    email: uniqueEmail('history'),
    password: 'scroll back in time',
  });

  const chart = page.getByTestId('candle-chart');
  await expect(chart).toBeVisible();
  await expect
    .poll(async () => (await readChart(chart)).count, { timeout: 30_000 })
    .toBeGreaterThan(100);
  const initial = await readChart(chart);
  expect(initial.gaps).toBe(0);

  // The first older page is held back until released, so the view can be read before it lands.
  let holding = true;
  let held = 0;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route('**/api/trpc/**', async (route) => {
    if (holding && isOlderPage(route)) {
      held++;
      await gate;
    }
    await route.continue();
  });

  // Pan back in small steps until the chart asks for an older page (the view stays on bars).
  for (let i = 0; i < 60 && held === 0; i++) await dragRight(page, chart, 250);
  await expect.poll(() => held, { timeout: 15_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('history-loading')).toBeVisible();
  const beforeLoad = await readChart(chart);
  expect(beforeLoad.loading).toBe(true);
  await page.screenshot({ path: 'artifacts/history-loading.png' });

  // The page lands: more bars, older first bar, and the bars in view have not moved.
  holding = false;
  release();
  await expect
    .poll(async () => (await readChart(chart)).count, { timeout: 30_000 })
    .toBeGreaterThan(beforeLoad.count);
  const afterLoad = await readChart(chart);
  expect(afterLoad.first).toBeLessThan(beforeLoad.first);
  expect(afterLoad.viewStart).toBe(beforeLoad.viewStart);
  expect(afterLoad.gaps).toBe(0);

  // Keep going far back: page after page arrives (from the exchange once the database runs out).
  for (let i = 0; i < 40 && (await readChart(chart)).count < afterLoad.count + 2000; i++) {
    await dragRight(page, chart, 900);
    await expect
      .poll(async () => (await readChart(chart)).loading, { timeout: 30_000 })
      .toBe(false);
  }
  const far = await readChart(chart);
  expect(far.count).toBeGreaterThanOrEqual(afterLoad.count + 2000);
  expect(far.first).toBeLessThan(afterLoad.first);
  expect(far.gaps).toBe(0);
  await page.screenshot({ path: 'artifacts/history-scrolled.png' });

  // Live updates still arrive at the right end.
  const last = async () =>
    `${await chart.getAttribute('data-last-time')}|${await chart.getAttribute('data-last-close')}`;
  const lastBefore = await last();
  await expect.poll(last, { timeout: 20_000, intervals: [250] }).not.toBe(lastBefore);
  expect((await readChart(chart)).gaps).toBe(0);
});
