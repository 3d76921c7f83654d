import { expect, test } from '@playwright/test';
import { register, signIn, signOut, uniqueEmail } from './helpers';

test('register, see live candles, sign out, sign back in', async ({ page }) => {
  const user = {
    name: 'E2E Trader',
    email: uniqueEmail('trader'),
    password: 'correct horse battery',
  };
  await register(page, user);

  const chart = page.getByTestId('candle-chart');
  await expect(chart).toBeVisible();
  // History arrives from the database the worker fills from exchange-sim.
  await expect
    .poll(async () => Number(await chart.getAttribute('data-bar-count')), { timeout: 30_000 })
    .toBeGreaterThan(10);
  await expect(page.locator('canvas').first()).toBeVisible();

  // The forming candle moves: a live update changes the last bar within a few seconds.
  const before = `${await chart.getAttribute('data-last-time')}|${await chart.getAttribute('data-last-close')}`;
  await expect
    .poll(
      async () =>
        `${await chart.getAttribute('data-last-time')}|${await chart.getAttribute('data-last-close')}`,
      {
        timeout: 15_000,
        intervals: [250],
      },
    )
    .not.toBe(before);
  await page.screenshot({ path: 'artifacts/chart.png' });

  await signOut(page);
  await page.goto('/chart');
  await expect(page).toHaveURL(/\/login/);

  await signIn(page, user.email, user.password);
  await expect(page).toHaveURL(/\/chart/);
});

test('a wrong password shows an error and does not sign in', async ({ page }) => {
  const user = {
    name: 'Careful Trader',
    email: uniqueEmail('careful'),
    password: 'the right password',
  };
  await register(page, user);
  await signOut(page);

  await signIn(page, user.email, 'not the password');
  const form = page.getByRole('form', { name: 'Sign in with password' });
  await expect(form.getByRole('alert')).toContainText(/wrong email or password/i);
  await expect(page).toHaveURL(/\/login/);
  await page.screenshot({ path: 'artifacts/login-error.png' });
});

test('the demo account printed by the launcher can sign in', async ({ page }) => {
  await signIn(page, 'demo@coinview.local', 'coinview-demo');
  await expect(page).toHaveURL(/\/chart/);
});
