// Backtests end to end, through the whole stack (web → Postgres queue → worker: history downloaded
// from exchange-sim, the engine in a worker thread → result stored → page): a trader builds a
// strategy on the form, watches the run's progress, and reads the markers on the price chart, the
// equity and drawdown curves, the metrics and the trades; a second run starts from one of their
// alert rules; another user sees none of it.
import { type Page, expect, test } from '@playwright/test';
import { register, signOut, uniqueEmail } from './helpers';

async function newTrader(page: Page, tag: string) {
  const email = uniqueEmail(tag);
  await register(page, { name: 'Backtester', email, password: 'some long password' });
  return email;
}

/** Waits for the newest run in the list to be done (history download + engine). */
async function waitForDone(page: Page) {
  const run = page.getByTestId('backtest-run').first();
  await expect(run.getByTestId('backtest-status')).toHaveText(/Done/i, { timeout: 120_000 });
}

test('a strategy from the form runs on the replay history: progress, markers, curves, metrics', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await newTrader(page, 'backtest');
  await page.goto('/backtests');
  await expect(page.getByRole('heading', { name: 'No backtests yet' })).toBeVisible();

  // The form's defaults: BTCUSDT 1h, the last 3 months, RSI 14 crossing 30 / 70, 99% of equity.
  const form = page.getByRole('form', { name: 'New backtest' });
  await expect(form.getByLabel('Symbol', { exact: true })).toHaveValue('BTCUSDT');
  await form.getByRole('radio', { name: '1 month' }).click();
  // RSI crossing 50 both ways: a month of 1h bars trades whatever the replay's prices do.
  const entry = form.getByRole('group', { name: 'Entry: buy when' });
  await expect(entry.getByLabel('Against value')).toHaveValue('30');
  await entry.getByLabel('Against value').fill('50');
  await form.getByRole('group', { name: /^Exit/ }).getByLabel('Against value').fill('50');
  await form.getByLabel('Stop-loss (% below entry, optional)').fill('5');
  await form.getByLabel('Name (optional)').fill('E2E RSI');
  await page.getByTestId('run-backtest').click();

  // It is listed at once, queued or already working, with its progress.
  const run = page.getByTestId('backtest-run').filter({ hasText: 'E2E RSI' });
  await expect(run).toBeVisible();
  await expect(run.getByTestId('backtest-status')).toBeVisible();
  await waitForDone(page);

  const result = page.getByTestId('backtest-result');
  await expect(result).toBeVisible({ timeout: 30_000 });
  await expect(result.getByRole('heading', { name: /E2E RSI/ })).toBeVisible();
  await expect(result.getByText(/stop 5%/)).toBeVisible();
  // Metrics: every row present; net return is a percentage.
  await expect(result.getByTestId('metric-netReturn')).toContainText('%');
  await expect(result.getByTestId('metric-maxDrawdown')).toBeVisible();
  await expect(result.getByTestId('metric-sharpe')).toBeVisible();
  // Curves: equity against buy-and-hold, and drawdown.
  await expect(result.getByRole('figure', { name: 'Equity and buy and hold' })).toBeVisible();
  await expect(result.getByRole('figure', { name: 'Drawdown' })).toBeVisible();

  // Trades, each with a marker on the price chart.
  const trades = result.getByTestId('trade-row');
  const tradeCount = await trades.count();
  const open = await result.getByTestId('open-position').count();
  expect(tradeCount).toBeGreaterThan(0);
  const markers = result.getByTestId('fill-marker');
  await expect(markers.first()).toBeAttached({ timeout: 30_000 });
  // one marker per fill: entry and exit of every closed trade, the entry of an open position
  await expect(markers).toHaveCount(2 * tradeCount + open);
  await trades.first().click();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    result.getByTestId('export-trades').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  await page.screenshot({ path: test.info().outputPath('backtest-result.png'), fullPage: true });

  // Nobody else sees the run.
  await signOut(page);
  await newTrader(page, 'backtest-other');
  await page.goto('/backtests');
  await expect(page.getByRole('heading', { name: 'No backtests yet' })).toBeVisible();
  await expect(page.getByText('E2E RSI')).toHaveCount(0);
});

test('a backtest starts from one of the trader’s alert rules', async ({ page }) => {
  test.setTimeout(240_000);
  await newTrader(page, 'backtest-alert');
  await page.goto('/alerts');
  await page.getByRole('button', { name: 'Create alert' }).first().click();
  const dialog = page.getByRole('dialog', { name: /Create alert/ });
  await dialog.getByLabel('Interval', { exact: true }).selectOption('1h');
  // Close crossing a level: the backtest's entry condition.
  await dialog.getByLabel('Against value').fill('100000');
  await dialog.getByLabel('Alert name (optional)').fill('E2E level');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();

  await page.goto('/backtests');
  const form = page.getByRole('form', { name: 'New backtest' });
  const from = form.getByLabel('Start from an alert rule');
  await expect(from).toBeEnabled({ timeout: 30_000 });
  const option = (await from.locator('option', { hasText: 'E2E level' }).textContent())!;
  await from.selectOption({ label: option });
  await expect(form.getByText(/Entry from “E2E level”/)).toBeVisible();
  await expect(form.getByLabel('Interval', { exact: true })).toHaveValue('1h');
  await expect(form.getByLabel('Against value').first()).toHaveValue('100000');
  await form.getByRole('radio', { name: '1 month' }).click();
  await page.getByTestId('run-backtest').click();
  await waitForDone(page);
  await expect(page.getByTestId('backtest-result')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('metric-netReturn')).toContainText('%');
});

test('a sweep with the exit’s RSI period tied to the entry’s: ranked table and heatmap', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await newTrader(page, 'backtest-sweep');
  await page.goto('/backtests');
  const form = page.getByRole('form', { name: 'New backtest' });
  await form.getByRole('radio', { name: '1 month' }).click();
  await form.getByLabel('Run every combination of ranges instead of one backtest').check();
  const fields = page.getByTestId('sweep-fields');
  await fields.getByRole('button', { name: '+ Add parameter' }).click();
  // The first number of the strategy: the entry's RSI period, 14 → 7 … 28.
  await fields
    .getByLabel('Parameter 1', { exact: true })
    .selectOption({ label: 'Entry · series · period (now 14)' });
  await fields.getByLabel('From', { exact: true }).first().fill('7');
  await fields.getByLabel('To', { exact: true }).first().fill('21');
  await fields.getByLabel('Step', { exact: true }).first().fill('7');
  // The exit's RSI has the same period: offered first, and tied.
  await fields
    .getByLabel('Also set with parameter 1')
    .selectOption({ label: 'Exit · series · period (now 14)' });
  await expect(page.getByTestId('sweep-also-0')).toContainText('Exit · series · period');
  await fields.getByRole('button', { name: '+ Add parameter' }).click();
  await fields
    .getByLabel('Parameter 2', { exact: true })
    .selectOption({ label: 'Entry · against · value (now 30)' });
  await fields.getByLabel('From', { exact: true }).nth(1).fill('30');
  await fields.getByLabel('To', { exact: true }).nth(1).fill('50');
  await fields.getByLabel('Step', { exact: true }).nth(1).fill('10');
  // 3 periods (entry and exit together) × 3 levels.
  await expect(page.getByTestId('sweep-count')).toContainText('9 combinations');
  await form.getByLabel('Name (optional)').fill('E2E sweep');
  await page.getByTestId('run-backtest').click();
  await waitForDone(page);

  const result = page.getByTestId('sweep-result');
  await expect(result).toBeVisible({ timeout: 30_000 });
  await expect(result).toContainText('9 combinations');
  await expect(result.getByTestId('sweep-row')).toHaveCount(9);
  await expect(
    result.getByRole('columnheader', { name: /Entry · series · period = Exit · series · period/ }),
  ).toBeVisible();
  await expect(result.getByTestId('heat-cell')).toHaveCount(9);
  await page.screenshot({ path: test.info().outputPath('backtest-sweep.png'), fullPage: true });
});
