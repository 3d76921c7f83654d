import { expect, test } from '@playwright/test';
import { register, signOut, uniqueEmail } from './helpers';

test('a magic link arrives in the local mailbox and signs the user in', async ({ page }) => {
  const user = { name: 'Link Trader', email: uniqueEmail('link'), password: 'some long password' };
  await register(page, user);
  await signOut(page);

  await page.goto('/login');
  const linkForm = page.getByRole('form', { name: 'Email me a sign-in link' });
  await linkForm.getByLabel('Email', { exact: true }).fill(user.email);
  await linkForm.getByRole('button', { name: /email me a link/i }).click();
  await expect(page).toHaveURL(/check-email/);

  await page.goto('/dev/mailbox');
  const message = page.getByTestId('mailbox-message').filter({ hasText: user.email }).first();
  await expect(message).toBeVisible();
  await page.screenshot({ path: 'artifacts/mailbox.png' });
  const href = await message.locator('a[href*="/api/auth/callback/"]').first().getAttribute('href');
  expect(href).toContain('/api/auth/callback/');

  await page.goto(href!);
  await expect(page).toHaveURL(/\/chart/);
  await expect(page.getByTestId('user-name')).toHaveText('Link Trader');
});
