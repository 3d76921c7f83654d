// Alerts end to end: a trader confirms their alert email through the link in the local mailbox,
// creates an alert from the chart (pre-filled "close crosses the last price", set to "greater than"
// a level under it so it holds on the next tick; BTCUSDT 1m, intrabar, only once), and the worker's
// rule engine fires it — a toast in the open tab, the email in the mailbox, and the alert marked
// triggered with the fire and its deliveries in its log.
import { expect, test } from '@playwright/test';
import { register, uniqueEmail } from './helpers';

test('an alert created on the chart fires: toast, email and log', async ({ page }) => {
  test.setTimeout(180_000);
  const user = {
    name: 'Alert Trader',
    email: uniqueEmail('alerts'),
    password: 'some long password',
  };
  await register(page, user);

  // The alert email starts as the account email, unverified: confirm it through the link.
  await page.goto('/settings');
  const notifications = page.getByRole('form', { name: 'Notifications' });
  await expect(notifications.getByLabel('Alert email')).toHaveValue(user.email);
  await expect(notifications.getByTestId('email-status')).toContainText('Not verified');
  await notifications.getByRole('button', { name: 'Send verification link' }).click();
  await expect(notifications.getByRole('status')).toContainText(
    `confirmation link to ${user.email}`,
  );

  await page.goto(`/dev/mailbox?to=${encodeURIComponent(user.email)}`);
  const confirmation = page
    .getByTestId('mailbox-message')
    .filter({ hasText: 'Confirm your Coinview alert email' })
    .first();
  const link = await confirmation
    .locator('a[href*="/verify-alert-email"]')
    .first()
    .getAttribute('href');
  expect(link).toContain('token=');
  await page.goto(link!);
  await expect(page.getByRole('heading', { name: 'Alert email confirmed' })).toBeVisible();
  await page.goto('/settings');
  await expect(page.getByTestId('email-status')).toHaveText(/Verified/);

  // From the chart: BTCUSDT 1m, the toolbar's Alert button pre-fills "Close crosses <last price>".
  await page.goto('/chart');
  await page.getByRole('button', { name: 'Interval 1 minute' }).click();
  await expect(page.getByTestId('chart-workspace')).toHaveAttribute('data-interval', '1m');
  const alertButton = page.getByTestId('alert-button');
  await expect(alertButton).toBeEnabled({ timeout: 30_000 });
  await alertButton.click();
  const dialog = page.getByRole('dialog', { name: /Create alert/ });
  await expect(dialog.getByLabel('Symbol', { exact: true })).toHaveValue('BTCUSDT');
  await expect(dialog.getByLabel('Interval', { exact: true })).toHaveValue('1m');
  await expect(dialog.getByLabel('Series price')).toHaveValue('close');
  await expect(dialog.getByLabel('Condition', { exact: true })).toHaveValue('crosses');
  const level = await dialog.getByLabel('Against value').inputValue();
  expect(Number(level)).toBeGreaterThan(0);

  // Fire on the next tick whatever the replay does next: "greater than" a level 5% under the last
  // price (waiting for the replay to come back across the last price took over 4 minutes once).
  await dialog.getByLabel('Condition', { exact: true }).selectOption('greater-than');
  await dialog.getByLabel('Against value').fill((Number(level) * 0.95).toFixed(2));
  await dialog.getByLabel('Trigger', { exact: true }).selectOption('intrabar');
  await dialog.getByLabel('Frequency', { exact: true }).selectOption('once');
  await dialog.getByLabel('Alert name (optional)').fill('E2E price cross');
  await dialog.getByLabel('Message', { exact: true }).fill('E2E fired {{symbol}} at {{close}}');
  await expect(dialog.getByText(`To ${user.email}`)).toBeVisible();
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page.locator('[data-sonner-toast]').filter({ hasText: 'Alert created' }),
  ).toBeVisible();

  // The rule holds on the next tick: the live notification pops up as a toast and the bell counts it.
  const fired = page.locator('[data-sonner-toast]').filter({ hasText: /E2E fired BTCUSDT at/ });
  await expect(fired).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('unread-count')).toHaveText('1');
  await page.screenshot({ path: 'artifacts/alert-toast.png' });

  // The email went to the verified address.
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(user.email)}`);
  await expect(
    page.getByTestId('mailbox-message').filter({ hasText: /E2E fired BTCUSDT at/ }),
  ).toHaveCount(1, { timeout: 60_000 });

  // The alert is triggered ("only once") and its log shows the fire and how it was delivered.
  await page.goto('/alerts');
  const row = page.getByTestId('alert-row').filter({ hasText: 'E2E price cross' });
  await expect(row.getByTestId('alert-status')).toHaveAttribute('data-status', 'triggered');
  await expect(row.getByTestId('alert-last-fire')).toContainText('1 fire');
  await row.getByRole('button', { name: /Show the log of E2E price cross/ }).click();
  const fire = row.getByTestId('alert-fire');
  await expect(fire).toHaveCount(1);
  await expect(fire).toContainText('E2E fired BTCUSDT at');
  await expect(fire.getByTestId('delivery-email')).toHaveAttribute('data-status', 'sent', {
    timeout: 30_000,
  });
  await expect(fire.getByTestId('delivery-inapp')).toHaveAttribute('data-status', 'sent');
  await page.screenshot({ path: 'artifacts/alerts-log.png' });
});

test('right-clicking the price pane offers an alert at the price under the pointer', async ({
  page,
}) => {
  await register(page, {
    name: 'Right Clicker',
    email: uniqueEmail('alerts-menu'),
    password: 'point and click',
  });
  const chart = page.getByTestId('candle-chart');
  await expect
    .poll(async () => Number(await chart.getAttribute('data-bar-count')), { timeout: 30_000 })
    .toBeGreaterThan(100);
  const box = (await chart.boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.4, box.y + box.height * 0.3, { button: 'right' });
  const item = page.getByRole('menuitem', { name: /Add alert at/ });
  await expect(item).toBeVisible();
  const price = Number((await item.textContent())!.replace(/[^0-9.]/g, ''));
  expect(price).toBeGreaterThan(1000);
  await item.click();
  const dialog = page.getByRole('dialog', { name: /Create alert/ });
  await expect(dialog.getByLabel('Condition', { exact: true })).toHaveValue('crosses');
  expect(Number(await dialog.getByLabel('Against value').inputValue())).toBeCloseTo(price, 2);
});
