import { type Locator, type Page, expect, test } from '@playwright/test';
import { register, uniqueEmail } from './helpers';

function legendRow(page: Page, indicator: string): Locator {
  return page.locator(`[data-testid="indicator-legend"][data-indicator="${indicator}"]`);
}

async function addIndicator(page: Page, search: string, name: string) {
  const dialog = page.getByRole('dialog', { name: 'Indicators' });
  await dialog.getByRole('combobox', { name: 'Search indicators' }).fill(search);
  await dialog
    .getByRole('option', { name: new RegExp(name) })
    .first()
    .click();
}

async function waitSaved(page: Page) {
  await expect(page.getByTestId('layout-status')).toHaveAttribute('data-status', 'saved', {
    timeout: 15_000,
  });
}

async function drawnPoints(row: Locator): Promise<number> {
  return Number(await row.getAttribute('data-points'));
}

test('indicators, settings, a saved layout that comes back after a reload, and only for its owner', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(150_000);
  await register(page, {
    name: 'Layout Owner',
    email: uniqueEmail('layouts'),
    password: 'indicators everywhere',
  });
  const chart = page.getByTestId('candle-chart');
  await expect
    .poll(async () => Number(await chart.getAttribute('data-bar-count')), { timeout: 30_000 })
    .toBeGreaterThan(100);

  // Add RSI and Bollinger Bands from the picker.
  await page.getByTestId('indicators-button').click();
  await addIndicator(page, 'rsi', 'Relative Strength Index');
  await addIndicator(page, 'bollinger', 'Bollinger Bands');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Indicators' })).toBeHidden();

  const rsi = legendRow(page, 'rsi');
  const bb = legendRow(page, 'bb');
  await expect(rsi).toHaveCount(1);
  await expect(bb).toHaveCount(1);
  // RSI in a pane of its own, Bollinger on the price pane, both drawn over the history.
  await expect(rsi).toHaveAttribute('data-pane', '1');
  await expect(bb).toHaveAttribute('data-pane', '0');
  const bars = Number(await chart.getAttribute('data-bar-count'));
  await expect.poll(() => drawnPoints(rsi)).toBeGreaterThan(bars - 20);
  await expect.poll(() => drawnPoints(bb)).toBeGreaterThan(bars - 25);
  const rsiValue = JSON.parse((await rsi.getAttribute('data-values')) ?? '{}') as {
    value?: number;
  };
  expect(rsiValue.value).toBeGreaterThanOrEqual(0);
  expect(rsiValue.value).toBeLessThanOrEqual(100);
  await expect(rsi).toContainText('RSI 14');

  // Change RSI's period in its settings.
  // (The row's buttons appear when the pointer is over the row; clicking one is what counts.)
  await page.getByRole('button', { name: 'Settings for RSI 14' }).click();
  const settings = page.getByRole('dialog', { name: /RSI 14 settings/ });
  await settings.getByLabel('Period').fill('21');
  await settings.getByRole('button', { name: 'OK' }).click();
  await expect(settings).toBeHidden();
  await expect(rsi).toContainText('RSI 21');

  // Save as a named layout.
  await page.getByTestId('layout-menu').click();
  await page.getByRole('menuitem', { name: 'Save layout as…' }).click();
  const nameDialog = page.getByRole('dialog', { name: 'Save layout as' });
  await nameDialog.getByLabel('Layout name').fill('Momentum');
  await nameDialog.getByRole('button', { name: 'Save' }).click();
  await expect(nameDialog).toBeHidden();
  await expect(page.getByTestId('layout-menu')).toContainText('Momentum');
  await waitSaved(page);

  await page.screenshot({ path: 'artifacts/chart-workspace-dark.png' });
  await testInfo.attach('chart-dark', {
    body: await page.screenshot(),
    contentType: 'image/png',
  });

  // Light theme, saved with the layout too.
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await waitSaved(page);
  await page.screenshot({ path: 'artifacts/chart-workspace-light.png' });
  await testInfo.attach('chart-light', {
    body: await page.screenshot(),
    contentType: 'image/png',
  });

  // Reload: the same chart comes back.
  await page.reload();
  await expect(page.getByTestId('layout-menu')).toContainText('Momentum');
  await expect(page.getByTestId('chart-workspace')).toHaveAttribute('data-theme', 'light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(legendRow(page, 'rsi')).toContainText('RSI 21');
  await expect(legendRow(page, 'rsi')).toHaveAttribute('data-pane', '1');
  await expect(legendRow(page, 'bb')).toHaveCount(1);
  await expect.poll(() => drawnPoints(legendRow(page, 'rsi'))).toBeGreaterThan(100);

  // Deleting the open layout (after confirming) moves to the other one the first change saved.
  await page.getByTestId('layout-menu').click();
  await page.getByRole('menuitem', { name: 'Delete layout…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete “Momentum”?' });
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId('layout-menu')).toContainText('My chart');
  await page.getByTestId('layout-menu').click();
  await expect(page.getByRole('menuitem', { name: /Momentum/ })).toHaveCount(0);
  await page.keyboard.press('Escape');

  // Another user sees none of it.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await register(otherPage, {
    name: 'Someone Else',
    email: uniqueEmail('layouts-other'),
    password: 'not your layouts',
  });
  await expect(otherPage.getByTestId('candle-chart')).toBeVisible({ timeout: 30_000 });
  await expect(otherPage.getByTestId('indicator-legend')).toHaveCount(0);
  await expect(otherPage.getByTestId('layout-menu')).toContainText('Unsaved chart');
  await expect(otherPage.getByTestId('chart-workspace')).toHaveAttribute('data-theme', 'dark');
  await otherPage.getByTestId('layout-menu').click();
  await expect(otherPage.getByText('No saved layouts yet.')).toBeVisible();
  await expect(otherPage.getByRole('menuitem', { name: /Momentum/ })).toHaveCount(0);
  await other.close();
});
