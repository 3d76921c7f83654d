// Issue 9, item 19, at 1366×768 (a common laptop screen): the alert dialog's Trigger and Frequency
// selects show their whole text, the chart menu's icon is drawn (an SVG, not an emoji that renders
// as a missing-glyph box), and the toolbar and the watchlist show the same price at every moment.
import { expect, test } from '@playwright/test';
import { register, uniqueEmail } from './helpers';

test.use({ viewport: { width: 1366, height: 768 } });

test.beforeEach(async ({ page }) => {
  await register(page, {
    name: 'Laptop Trader',
    email: uniqueEmail('laptop'),
    password: 'a laptop screen',
  });
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'live', {
    timeout: 30_000,
  });
});

test('the badge says the data is a replay, and of what', async ({ page }) => {
  // The e2e stack's market is exchange-sim: "Replay" stands where "Live" would.
  const badge = page.getByTestId('live-status');
  await expect(badge).toHaveAttribute('data-source', 'replay');
  await expect(badge.getByRole('status')).toHaveText('Replay');
  await expect(badge).toHaveAttribute(
    'title',
    /^Replay: exchange-sim is replaying BTCUSDT history recorded from Binance .* UTC \(real 1m bars .*\), played in a loop of 6520\.0 days.*This is not Binance’s live market\.$/,
  );
  // The legend names the source the same way.
  await expect(page.getByText(/^BTCUSDT · \w+ · Binance replay$/)).toBeVisible();
  await page
    .getByTestId('chart-workspace')
    .locator('..')
    .screenshot({ path: test.info().outputPath('replay-badge.png') });
});

test('the alert dialog selects are not cut off', async ({ page }) => {
  await page.getByTestId('alert-button').click();
  const dialog = page.getByRole('dialog', { name: /Create alert/ });
  for (const label of ['Trigger', 'Frequency']) {
    const select = dialog.getByLabel(label, { exact: true });
    await expect(select).toBeVisible();
    // A <select> never scrolls, so its scrollWidth says nothing: measure each option's text in
    // the select's font against the room inside it (padding and Chromium's ~20 px arrow box).
    const fit = await select.evaluate((el: HTMLSelectElement) => {
      const style = getComputedStyle(el);
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.font = style.font;
      const room =
        el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
      return Array.from(el.options, (o) => ({
        text: o.text,
        width: Math.ceil(ctx.measureText(o.text).width),
        room,
      }));
    });
    expect(fit.length).toBeGreaterThan(1);
    for (const o of fit) expect(o.width, `${label}: "${o.text}"`).toBeLessThanOrEqual(o.room);
  }
});

test('the chart menu icon is an SVG', async ({ page }) => {
  const chart = page.getByTestId('candle-chart');
  const box = (await chart.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 3, { button: 'right' });
  const item = page.getByRole('menuitem', { name: /Add alert at/ });
  await expect(item).toBeVisible();
  await expect(item.locator('svg')).toBeVisible();
  // No emoji or other glyph outside the text: the item reads exactly "Add alert at <price>".
  expect((await item.textContent())!.trim()).toMatch(/^Add alert at [\d,]+\.\d+$/);
});

test('the toolbar and the watchlist show the same price at every moment', async ({ page }) => {
  test.setTimeout(90_000);
  const sample = () =>
    page.evaluate(() => {
      const toolbar = document.querySelector('[data-testid="last-price-value"]')?.textContent;
      const row = document.querySelector(
        '[data-testid="watchlist-row"][data-active="true"] [data-testid="watchlist-price"]',
      )?.textContent;
      return { toolbar, row };
    });
  await expect.poll(async () => (await sample()).row, { timeout: 30_000 }).toMatch(/\d/);
  const seen = new Set<string>();
  for (let i = 0; i < 24; i++) {
    const { toolbar, row } = await sample();
    expect(toolbar).toBe(row);
    seen.add(toolbar!);
    await page.waitForTimeout(500);
  }
  // The price moved while sampled, so this compared live values, not one frozen number.
  expect(seen.size).toBeGreaterThan(1);
});

test('keys on the chart: a letter opens the symbol search with it typed, , and . step the interval', async ({
  page,
}) => {
  const workspace = page.getByTestId('chart-workspace');
  const before = await workspace.getAttribute('data-interval');
  await page.getByTestId('candle-chart').click();
  await page.keyboard.press('.');
  await expect(workspace).not.toHaveAttribute('data-interval', before!);
  await page.keyboard.press(',');
  await expect(workspace).toHaveAttribute('data-interval', before!);

  await page.keyboard.press('e');
  const search = page.getByTestId('symbol-search');
  await expect(search.getByRole('combobox')).toHaveValue('E');
  await page.keyboard.type('THUSDT');
  await page.keyboard.press('Enter');
  await expect(workspace).toHaveAttribute('data-symbol', 'ETHUSDT');
});
