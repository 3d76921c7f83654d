// Issue 9, item 18: a time zone setting used by every time shown. A first visit stores the
// browser's zone; choosing Asia/Kolkata (UTC+05:30) moves the chart's crosshair times to :30 past
// the hour on 1h bars, and an alert's expiry typed in Kolkata time reads 5:30 earlier in UTC.
import { type Page, expect, test } from '@playwright/test';
import { register, uniqueEmail } from './helpers';

test.use({ timezoneId: 'Europe/Berlin' });

async function chooseZone(page: Page, zone: string) {
  await page.goto('/settings');
  const form = page.getByRole('form', { name: 'Time zone' });
  await form.getByLabel('Time zone', { exact: true }).fill(zone);
  await form.getByRole('button', { name: 'Save time zone' }).click();
  await expect(form.getByRole('status')).toHaveText(/Saved/);
  await expect(form.getByText(`Now ${zone}`)).toBeVisible();
}

test('the chart and the alerts show times in the chosen time zone', async ({ page }) => {
  test.setTimeout(150_000);
  await register(page, {
    name: 'Zone Trader',
    email: uniqueEmail('time-zone'),
    password: 'what time is it',
  });

  // First visit: the browser's zone is stored.
  await page.goto('/settings');
  const form = page.getByRole('form', { name: 'Time zone' });
  await expect(form.getByLabel('Time zone', { exact: true })).toHaveValue('Europe/Berlin');
  // An unknown zone is refused in place.
  await form.getByLabel('Time zone', { exact: true }).fill('Mars/Olympus_Mons');
  await form.getByRole('button', { name: 'Save time zone' }).click();
  await expect(form.getByText('Choose a time zone from the list')).toBeVisible();

  await chooseZone(page, 'Asia/Kolkata');

  // The chart's crosshair: 1h bars open on the hour in UTC, at half past in Kolkata.
  await page.goto('/chart?symbol=BTCUSDT&interval=1h');
  const chart = page.getByTestId('candle-chart');
  await expect(chart).toHaveAttribute('data-bar-count', /[1-9]/, { timeout: 30_000 });
  const box = (await chart.boundingBox())!;
  const labels = new Set<string>();
  for (const x of [0.3, 0.5, 0.7]) {
    await page.mouse.move(box.x + box.width * x, box.y + box.height * 0.4);
    await expect(chart).toHaveAttribute('data-crosshair-time', /./);
    labels.add((await chart.getAttribute('data-crosshair-time'))!);
  }
  expect(labels.size).toBe(3);
  for (const label of labels) expect(label).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:30$/);

  // An alert expiring at 10:00 Kolkata time on 1 Jan 2030.
  await page.getByTestId('alert-button').click();
  const dialog = page.getByRole('dialog', { name: /Create alert/ });
  await dialog.getByLabel(/Expires/).fill('2030-01-01T10:00');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();
  await page.goto('/alerts');
  const alerts = page.getByRole('list', { name: 'Alerts' });
  await expect(alerts).toContainText('expires 1 Jan, 10:00');

  // The same instant in UTC is 04:30.
  await chooseZone(page, 'UTC');
  await page.goto('/alerts');
  await expect(alerts).toContainText('expires 1 Jan, 04:30');
});
