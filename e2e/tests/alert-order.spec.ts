// An alert that trades, end to end (web → Postgres → worker's rule engine → the fire's order and its
// place-order job → the paper broker against the exchange-sim's book → web): a trader creates an
// alert on the chart with a market BUY of 0.001 BTC on the paper account; the replay fires it; the
// order is in the history (filled, sourced to the alert), its fill is a buy marker on the chart,
// and the paper balances moved by exactly what the fills say — USDT down by price × quantity, BTC
// up by quantity less the fee (charged in the asset received, as Binance does). Amounts are read
// from the page and compared as decimals (decimal.js), never as floats.
import { type Locator, type Page, expect, test } from '@playwright/test';
import Decimal from 'decimal.js';
import { register, uniqueEmail } from './helpers';

const ALERT_NAME = 'E2E buy on the replay';
const QUANTITY = '0.001';

/** "9,902.3 USDT" / "97,310.55" / "—" as shown → a decimal (thousands separators dropped). */
function decimalOf(text: string | null): Decimal {
  const digits = (text ?? '').replace(/,/g, '').match(/-?\d+(\.\d+)?/);
  if (!digits) throw new Error(`no amount in ${JSON.stringify(text)}`);
  return new Decimal(digits[0]);
}

function paperCard(page: Page): Locator {
  return page.getByRole('article', { name: 'Paper account' });
}

/** The free balance of `asset` on the paper account, 0 when the account has no row for it. */
async function paperFree(page: Page, asset: string): Promise<Decimal> {
  const card = paperCard(page);
  await expect(card).toBeVisible();
  const row = card.locator(`[data-testid="balance-row"][data-asset="${asset}"]`);
  if ((await row.count()) === 0) return new Decimal(0);
  return decimalOf(await row.getByTestId('balance-free').textContent());
}

test('an alert with a market buy fires on the replay: history, chart marker, exact balances', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await register(page, {
    name: 'Alert Trader',
    email: uniqueEmail('alert-order'),
    password: 'some long password',
  });

  // The paper account, created on first use, before anything trades.
  await page.goto('/orders');
  await expect(
    paperCard(page).locator('[data-testid="balance-row"][data-asset="USDT"]'),
  ).toBeVisible();
  const usdtBefore = await paperFree(page, 'USDT');
  const btcBefore = await paperFree(page, 'BTC');
  expect(usdtBefore.toString()).toBe('10000');
  await expect(page.getByTestId('order-row')).toHaveCount(0);

  // From the chart (BTCUSDT 1m): "Close greater than 1", intrabar, once — the next replayed trade
  // fires it — with a market buy of 0.001 BTC on the paper account.
  await page.goto('/chart');
  await page.getByRole('button', { name: 'Interval 1 minute' }).click();
  await expect(page.getByTestId('chart-workspace')).toHaveAttribute('data-interval', '1m');
  const alertButton = page.getByTestId('alert-button');
  await expect(alertButton).toBeEnabled({ timeout: 30_000 });
  await alertButton.click();
  const dialog = page.getByRole('dialog', { name: /Create alert/ });
  await expect(dialog.getByLabel('Symbol', { exact: true })).toHaveValue('BTCUSDT');
  await dialog.getByLabel('Condition', { exact: true }).selectOption('greater-than');
  await dialog.getByLabel('Against value').fill('1');
  await dialog.getByLabel('Trigger', { exact: true }).selectOption('intrabar');
  await dialog.getByLabel('Frequency', { exact: true }).selectOption('once');
  await dialog.getByLabel('Alert name (optional)').fill(ALERT_NAME);

  const action = dialog.getByTestId('order-action');
  await action.getByLabel('Place an order on BTCUSDT when it fires').check();
  await action.getByLabel('Side', { exact: true }).selectOption('BUY');
  await action.getByLabel('Order type', { exact: true }).selectOption('MARKET');
  await action.getByLabel('Size by', { exact: true }).selectOption('base');
  await action.getByLabel('Quantity (BTC)', { exact: true }).fill(QUANTITY);
  await action.getByLabel('Account', { exact: true }).selectOption('paper');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();

  // The fills arrive live: a buy marker on the chart (listed for screen readers beside the canvas).
  // A market order may take more than one level of the book: still one marker for the order, its
  // whole 0.001 BTC at the fills' volume-weighted average price.
  const markers = page.getByTestId('fill-markers').getByTestId('fill-marker');
  const markerFills = async () =>
    (await markers.allTextContents()).map((text) => {
      const m = /^Buy (\d+(?:\.\d+)?) @ (\d+(?:\.\d+)?)$/.exec(text);
      if (!m) throw new Error(`not a buy marker: ${text}`);
      return { quantity: new Decimal(m[1]!), price: new Decimal(m[2]!) };
    });
  await expect
    .poll(
      async () =>
        (await markerFills()).reduce((sum, f) => sum.plus(f.quantity), new Decimal(0)).toString(),
      { timeout: 90_000 },
    )
    .toBe(QUANTITY);
  await expect(markers).toHaveCount(1);
  const [onChart] = await markerFills();
  // On the bar that was forming when it filled: the chart's last bar or the one before it.
  const lastBar = Number(await page.getByTestId('candle-chart').getAttribute('data-last-time'));
  for (const time of await markers.evaluateAll((els) => els.map((e) => e.dataset.time))) {
    expect(lastBar - Number(time)).toBeGreaterThanOrEqual(0);
    expect(lastBar - Number(time)).toBeLessThanOrEqual(120);
  }
  await page.screenshot({ path: 'artifacts/alert-order-chart.png' });

  // The history: one order, filled, sourced to the alert, on paper, with its fills.
  await page.goto('/orders');
  const row = page.getByTestId('order-row');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-status', 'FILLED', { timeout: 30_000 });
  const cells = row.getByRole('cell');
  await expect(cells.nth(2)).toHaveText('BTCUSDT');
  await expect(cells.nth(3)).toHaveText(/Buy/);
  await expect(cells.nth(4)).toHaveText('Market');
  await expect(cells.nth(6)).toHaveText(QUANTITY);
  await expect(cells.nth(7)).toHaveText(QUANTITY);
  await expect(cells.nth(11)).toHaveText(ALERT_NAME);
  await expect(cells.nth(12)).toHaveText('Paper');

  await row.getByRole('button', { name: 'Show fills of buy BTCUSDT' }).click();
  const fillRows = page.getByTestId('fill-row');
  await expect(fillRows.first()).toBeVisible();
  const fills: { price: Decimal; quantity: Decimal; fee: Decimal }[] = [];
  for (const fillRow of await fillRows.all()) {
    const fillCells = fillRow.getByRole('cell');
    const feeText = (await fillCells.nth(4).textContent()) ?? '';
    // The fee is charged in the asset received, as Binance does: BTC on a buy.
    expect(feeText).toMatch(/ BTC$/);
    fills.push({
      price: decimalOf(await fillCells.nth(2).textContent()),
      quantity: decimalOf(await fillCells.nth(3).textContent()),
      fee: decimalOf(feeText),
    });
  }
  // The history's fills are the chart's marker: their total quantity at their average price (the
  // label shows it to its last digit).
  const fillQty = fills.reduce((sum, f) => sum.plus(f.quantity), new Decimal(0));
  const fillQuote = fills.reduce((sum, f) => sum.plus(f.price.times(f.quantity)), new Decimal(0));
  expect(onChart!.quantity.toString()).toBe(fillQty.toString());
  const shown = onChart!.price.decimalPlaces();
  expect(fillQuote.div(fillQty).minus(onChart!.price).abs().lte(new Decimal(10).pow(-shown))).toBe(
    true,
  );
  // Binance's taker fee (0.1 % by default) of the BTC received, rounded up to its precision.
  for (const f of fills) {
    expect(f.fee.gte(f.quantity.times('0.001'))).toBe(true);
    expect(f.fee.lte(f.quantity.times('0.001').plus('0.00000001'))).toBe(true);
  }
  const bought = fills.reduce((sum, f) => sum.plus(f.quantity), new Decimal(0));
  const spent = fills.reduce((sum, f) => sum.plus(f.price.times(f.quantity)), new Decimal(0));
  const fee = fills.reduce((sum, f) => sum.plus(f.fee), new Decimal(0));
  expect(bought.toString()).toBe(QUANTITY);

  // The order's own totals agree with its fills: the fee in total, the average price within a tick.
  expect(decimalOf(await cells.nth(9).textContent()).toString()).toBe(fee.toString());
  await expect(cells.nth(9)).toHaveText(/ BTC$/);
  const averagePrice = decimalOf(await cells.nth(8).textContent());
  expect(averagePrice.minus(spent.div(bought)).abs().lte('0.01')).toBe(true);
  await page.screenshot({ path: 'artifacts/alert-order-history.png', fullPage: true });

  // The paper balances moved by exactly the fills: quote spent = Σ price × quantity, and the base
  // received less the fee. The balances panel refreshes on order events; poll until it shows them.
  const usdtAfter = usdtBefore.minus(spent);
  const btcAfter = btcBefore.plus(bought).minus(fee);
  await expect
    .poll(async () => (await paperFree(page, 'USDT')).toString(), { timeout: 15_000 })
    .toBe(usdtAfter.toString());
  await expect
    .poll(async () => (await paperFree(page, 'BTC')).toString(), { timeout: 15_000 })
    .toBe(btcAfter.toString());

  // And the position: the BTC actually received, at what each one cost (the fee in BTC raises the
  // average entry), shown to the tick (0.01), not as an 18-decimal quotient.
  const position = paperCard(page).locator('[data-testid="position-row"][data-symbol="BTCUSDT"]');
  await expect(position).toBeVisible();
  const positionCells = position.getByRole('cell');
  expect(decimalOf(await positionCells.nth(1).textContent()).toString()).toBe(btcAfter.toString());
  const averageEntry = spent.div(bought.minus(fee)).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const entryText = (await positionCells.nth(2).textContent()) ?? '';
  expect(entryText).toMatch(/^[\d,]+(\.\d{1,2})?$/);
  expect(decimalOf(entryText).toString()).toBe(averageEntry.toString());
});
