// Sessions end where the user ends them (issue 9, items 4, 11 and 18): a copied session cookie
// dies with sign-out, a password change signs out the other browsers, a deleted account is gone,
// and the 6th sign-in link of an address says why it was refused.
import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { register, signIn, signOut, uniqueEmail } from './helpers';

/** A second browser holding a copy of the first one's session cookie. */
async function copySession(browser: Browser, from: BrowserContext): Promise<Page> {
  const session = (await from.cookies()).filter((c) => c.name.includes('session-token'));
  expect(session).toHaveLength(1);
  const other = await browser.newContext();
  await other.addCookies(session);
  return other.newPage();
}

// Each test registers and signs in more than once (argon2 on a shared machine): triple the time.
test.beforeEach(() => test.slow());

async function openSettingsSection(page: Page, name: string) {
  await page.goto('/settings');
  const form = page.getByRole('form', { name });
  await expect(form).toBeVisible();
  return form;
}

test('signing out ends the session everywhere, even in a copied cookie', async ({
  page,
  context,
  browser,
}) => {
  const user = { name: 'Copied Cookie', email: uniqueEmail('copied'), password: 'long password 1' };
  await register(page, user);
  const copy = await copySession(browser, context);
  await copy.goto('/settings');
  await expect(copy).toHaveURL(/\/settings/);

  await signOut(page);
  await copy.goto('/settings');
  await expect(copy).toHaveURL(/\/login/);
  await copy.context().close();
});

test('"sign out everywhere else" ends a copied session and keeps this one', async ({
  page,
  browser,
}) => {
  const user = {
    name: 'Everywhere',
    email: uniqueEmail('everywhere'),
    password: 'long password 2',
  };
  await register(page, user);
  // A second, independent sign-in (a copied cookie is the same session as this one).
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signIn(other, user.email, user.password);
  await expect(other).toHaveURL(/\/chart/);
  const copy = await copySession(browser, otherContext);

  await page.goto('/settings');
  await expect(page.getByTestId('other-sessions')).toContainText('1 other session');
  await page.getByRole('button', { name: 'Sign out everywhere else' }).click();
  await expect(page.getByRole('region', { name: 'Sessions' }).getByRole('status')).toHaveText(
    '✓ 1 other session signed out.',
  );
  for (const p of [other, copy]) {
    await p.goto('/settings');
    await expect(p).toHaveURL(/\/login/);
  }
  await page.reload();
  await expect(page).toHaveURL(/\/settings/);
  await otherContext.close();
  await copy.context().close();
});

test('changing the password signs out the other sessions, not this one', async ({
  page,
  browser,
}) => {
  const user = {
    name: 'Two Browsers',
    email: uniqueEmail('twobrowsers'),
    password: 'first password',
  };
  await register(page, user);
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signIn(other, user.email, user.password);
  await expect(other).toHaveURL(/\/chart/);

  const form = await openSettingsSection(page, 'Password');
  await expect(page.getByTestId('other-sessions')).toContainText('1 other session');
  await form.getByLabel('Current password', { exact: true }).fill('not it');
  await form.getByLabel('New password', { exact: true }).fill('second password');
  await form.getByLabel('Confirm new password', { exact: true }).fill('second password');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByText('Wrong password')).toBeVisible();

  await form.getByLabel('Current password', { exact: true }).fill(user.password);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByRole('status')).toContainText('1 other session was signed out');
  await expect(page.getByTestId('other-sessions')).toHaveText('You are signed in only here.');
  await page.screenshot({ path: 'artifacts/settings-password.png' });

  await other.goto('/settings');
  await expect(other).toHaveURL(/\/login/);
  await page.goto('/settings');
  await expect(page).toHaveURL(/\/settings/);

  await signIn(other, user.email, 'second password');
  await expect(other).toHaveURL(/\/chart/);
  await otherContext.close();
});

test('deleting the account signs out and the account cannot sign in again', async ({ page }) => {
  const user = {
    name: 'Leaving Trader',
    email: uniqueEmail('leaving'),
    password: 'goodbye password',
  };
  await register(page, user);
  const form = await openSettingsSection(page, 'Delete account');
  await form.getByLabel('Your password', { exact: true }).fill('wrong password');
  await form.getByRole('button', { name: 'Delete my account' }).click();
  await expect(form.getByText('Wrong password')).toBeVisible();

  await form.getByLabel('Your password', { exact: true }).fill(user.password);
  await form.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page).toHaveURL(/\/login/);

  await signIn(page, user.email, user.password);
  const login = page.getByRole('form', { name: 'Sign in with password' });
  await expect(login.getByRole('alert')).toContainText(/wrong email or password/i);
  await expect(page).toHaveURL(/\/login/);
});

test('the 6th sign-in link for an address shows the limit, not an error code', async ({ page }) => {
  const email = uniqueEmail('sixlinks');
  const linkForm = page.getByRole('form', { name: 'Email me a sign-in link' });
  for (let i = 0; i < 5; i++) {
    await page.goto('/login');
    await linkForm.getByLabel('Email', { exact: true }).fill(email);
    await linkForm.getByRole('button', { name: /email me a link/i }).click();
    await expect(page).toHaveURL(/check-email/);
  }
  await page.goto('/login');
  await linkForm.getByLabel('Email', { exact: true }).fill(email);
  await linkForm.getByRole('button', { name: /email me a link/i }).click();
  await expect(linkForm.getByRole('alert')).toHaveText(
    'Too many sign-in links were sent to this address. Try again in 15 minutes, or sign in with your password.',
  );
  await expect(page).toHaveURL(/\/login$/);
});
