// Trading end to end, through the whole stack (web → Postgres queue → worker's paper broker /
// exchange-sim): a limit order from the chart's ticket is listed as open under the chart and
// cancelled there; an exchange key pointing at the local exchange-sim (its documented demo pair)
// is checked by the exchange, saved, shown masked, and trades; the orders page filters its history
// and exports what the filter shows as CSV.
import { readFile } from 'node:fs/promises';
import { type Page, expect, test } from '@playwright/test';
import { register, uniqueEmail } from './helpers';

// apps/exchange-sim/src/trading/demo-keys.ts: published on purpose for the offline demo.
const SIM_DEMO_KEY = 'EA82689FEB17794F04613C8DD328AED58EB823F1A71D97BA839C898579AEBFC0';
const SIM_DEMO_SECRET = '9e71d35811f91cb20addb1a543b50a4895ba5d8c6737980d3cccc767d341c30c';

async function newTrader(page: Page, tag: string) {
  await register(page, { name: 'Trader', email: uniqueEmail(tag), password: 'some long password' });
}

/** The last price the chart's toolbar shows, as typed into a form ("97310.55"). */
async function lastPrice(page: Page): Promise<number> {
  const ticket = page.getByTestId('order-ticket');
  await expect(ticket).toBeVisible();
  let price = 0;
  await expect
    .poll(
      async () => {
        price = Number(
          (await page.getByTestId('last-price-value').textContent())?.replace(/[^\d.]/g, '') ?? '',
        );
        return price;
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0);
  return price;
}

/** Places a limit buy far below the market (it rests) from the chart's ticket. */
async function placeRestingLimitBuy(page: Page, account = 'Paper') {
  const price = await lastPrice(page);
  const ticket = page.getByTestId('order-ticket');
  await ticket.getByRole('button', { name: 'Buy', exact: true }).click();
  await ticket.getByLabel('Type').selectOption('LIMIT');
  await ticket.getByLabel('Account').selectOption({ label: account });
  const limit = Math.floor(price * 0.8);
  await ticket.getByLabel(/^Price/).fill(String(limit));
  await ticket.getByLabel(/^Quantity/).fill('0.001');
  await expect(ticket.getByTestId('ticket-quantity')).toHaveText('0.001 BTC');
  await expect(ticket.getByTestId('ticket-fee')).toHaveText('0.000001 BTC');
  await ticket.getByRole('button', { name: /^Buy BTC/ }).click();
  await expect(ticket.getByRole('status')).toContainText('sent');
  return limit;
}

test('a limit order from the ticket is listed as open and cancelled', async ({ page }) => {
  test.setTimeout(120_000);
  await newTrader(page, 'ticket');
  await page.goto('/chart');
  const limit = await placeRestingLimitBuy(page);

  const open = page.getByTestId('open-orders').getByTestId('open-order');
  await expect(open).toHaveCount(1);
  // Sent by the worker: open on the paper book once it has locked the funds.
  await expect(open.first()).toHaveAttribute('data-status', 'NEW', { timeout: 30_000 });
  await expect(open.first()).toContainText(limit.toLocaleString('en-US'));
  await open
    .first()
    .getByRole('button', { name: /^Cancel/ })
    .click();
  // The worker cancels it (a cancel-order job); the change arrives over orders.live.
  await expect(page.getByTestId('open-orders').getByTestId('open-order')).toHaveCount(0, {
    timeout: 30_000,
  });
  await expect(page.getByTestId('open-orders')).toContainText('No open orders on BTCUSDT');

  await page.goto('/orders');
  const row = page.getByTestId('order-row').first();
  await expect(row).toHaveAttribute('data-status', 'CANCELED');
  await expect(row).toContainText('By hand');
  await expect(row).toContainText('Paper');
});

test('an exchange key pointing at the sim is added, shown masked, and trades', async ({ page }) => {
  test.setTimeout(120_000);
  await newTrader(page, 'key');
  await page.goto('/settings');
  const form = page.getByRole('form', { name: 'Add an exchange key' });
  await form.getByLabel('Name').fill('Sim demo');
  await form.getByLabel('Exchange').selectOption('sim');
  await form.getByLabel('API key').fill(SIM_DEMO_KEY);
  await form.getByLabel('Secret key').fill(SIM_DEMO_SECRET);
  await form.getByRole('button', { name: 'Check and add key' }).click();
  await expect(form.getByRole('status')).toContainText('checked by the exchange and saved');

  const key = page.getByTestId('exchange-key');
  await expect(key).toHaveCount(1);
  await expect(key.getByTestId('key-masked')).toHaveText('••••BFC0');
  await expect(key).toContainText('can trade');
  // Neither the key nor the secret is anywhere on the page.
  const html = await page.content();
  expect(html).not.toContain(SIM_DEMO_SECRET);
  expect(html).not.toContain(SIM_DEMO_KEY);

  await page.goto('/chart');
  await placeRestingLimitBuy(page, 'Sim demo ·BFC0');
  const open = page.getByTestId('open-orders').getByTestId('open-order');
  await expect(open.first()).toHaveAttribute('data-status', 'NEW', { timeout: 30_000 });
  await expect(open.first()).toContainText('Sim demo');
  await open
    .first()
    .getByRole('button', { name: /^Cancel/ })
    .click();
  // The worker cancels it (a cancel-order job); the change arrives over orders.live.
  await expect(page.getByTestId('open-orders').getByTestId('open-order')).toHaveCount(0, {
    timeout: 30_000,
  });
});

test('the orders page filters its history and exports what it shows', async ({ page }) => {
  test.setTimeout(120_000);
  await newTrader(page, 'history');
  await page.goto('/chart');
  await placeRestingLimitBuy(page);
  await placeRestingLimitBuy(page);

  await page.goto('/orders');
  await expect(page.getByTestId('order-row')).toHaveCount(2);
  const filters = page.getByRole('search', { name: 'Filter orders' });
  await filters.getByLabel('Side').selectOption('SELL');
  await expect(page.getByText('No orders match this filter')).toBeVisible();
  await filters.getByLabel('Side').selectOption('BUY');
  await filters.getByLabel('Symbol').fill('ETHUSDT');
  await expect(page.getByText('No orders match this filter')).toBeVisible();
  await filters.getByLabel('Symbol').fill('BTCUSDT');
  await expect(page.getByTestId('order-row')).toHaveCount(2);

  const download = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const file = await (await download).path();
  const lines = (await readFile(file, 'utf8')).trim().split(/\r?\n/);
  expect(lines[0]).toMatch(/^time,symbol,side,type,price,quantity/);
  expect(lines).toHaveLength(3);
  for (const line of lines.slice(1)) expect(line).toContain(',BTCUSDT,BUY,LIMIT,');
});
