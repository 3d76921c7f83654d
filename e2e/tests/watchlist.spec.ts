import { type Locator, expect, test } from '@playwright/test';
import { register, uniqueEmail } from './helpers';

async function last(row: Locator): Promise<number> {
  return Number((await row.getAttribute('data-last')) || NaN);
}

test('the watchlist shows live prices, switches the chart, and is edited from the symbol search', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await register(page, {
    name: 'Watchlist User',
    email: uniqueEmail('watchlist'),
    password: 'watching the market',
  });
  const workspace = page.getByTestId('chart-workspace');
  await expect(workspace).toHaveAttribute('data-symbol', 'BTCUSDT');

  // A new user watches BTC and ETH; prices arrive and move live (the worker's miniTicker feed).
  const rows = page.getByTestId('watchlist-row');
  await expect(rows).toHaveCount(2);
  const btc = page.locator('[data-testid="watchlist-row"][data-symbol="BTCUSDT"]');
  const eth = page.locator('[data-testid="watchlist-row"][data-symbol="ETHUSDT"]');
  await expect.poll(() => last(btc), { timeout: 30_000 }).toBeGreaterThan(1000);
  await expect.poll(() => last(eth), { timeout: 30_000 }).toBeGreaterThan(100);
  const first = await last(btc);
  await expect.poll(() => last(btc), { timeout: 30_000 }).not.toBe(first);
  const change = Number(await btc.getAttribute('data-change'));
  expect(Math.abs(change)).toBeLessThan(50);

  // Clicking a row switches the chart.
  await eth.getByRole('button', { name: /^ETHUSDT .*open on the chart$/ }).click();
  await expect(workspace).toHaveAttribute('data-symbol', 'ETHUSDT');
  const chart = page.getByTestId('candle-chart');
  await expect
    .poll(async () => Number(await chart.getAttribute('data-last-close')), { timeout: 30_000 })
    .toBeLessThan(20_000);
  await expect(eth).toHaveAttribute('data-active', 'true');

  // Remove BTC, then add it back from the symbol search, which also opens it on the chart.
  await btc.hover();
  await page.getByRole('button', { name: 'Remove BTCUSDT from the watchlist' }).click();
  await expect(rows).toHaveCount(1);
  await page.getByTestId('symbol-button').click();
  const search = page.getByTestId('symbol-search');
  await search.getByRole('combobox').fill('btc');
  const result = search.locator('[data-testid="symbol-search-row"][data-symbol="BTCUSDT"]');
  await expect(result).toHaveAttribute('data-watched', 'false');
  // The row's star is the pointer's shortcut (the keyboard's is Shift+Enter or the button below).
  await result.getByTestId('symbol-search-star').click();
  await expect(result).toHaveAttribute('data-watched', 'true');
  await result.click();
  await expect(search).toBeHidden();
  await expect(workspace).toHaveAttribute('data-symbol', 'BTCUSDT');
  await expect(rows).toHaveCount(2);

  // Both survive a reload: the watchlist is stored, the symbol is in the autosaved layout.
  await expect(page.getByTestId('layout-status')).toHaveAttribute('data-status', 'saved');
  await page.reload();
  await expect(workspace).toHaveAttribute('data-symbol', 'BTCUSDT');
  await expect(rows).toHaveCount(2);
  await expect(rows.last()).toHaveAttribute('data-symbol', 'BTCUSDT');
});
