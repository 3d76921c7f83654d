// Keyboard only (no mouse anywhere in the flow): a trader signs in with the form, opens ETHUSDT
// from the symbol search, adds RSI from the indicator picker, creates an alert, and finds it on the
// alerts page, and every control and highlighted row on the way shows where focus is. Then every
// dialog opened from state gives focus back to what opened it, whether closed with Esc or with its
// own button.
import { type Locator, type Page, expect, test } from '@playwright/test';
import { expectVisibleFocus, isFocused, tabTo } from './focus-helpers';
import { register, uniqueEmail } from './helpers';

async function newTrader(page: Page, tag: string) {
  const user = { name: 'Keyboard Trader', email: uniqueEmail(tag), password: 'no mouse needed' };
  await register(page, user);
  return user;
}

async function chartReady(page: Page) {
  const chart = page.getByTestId('candle-chart');
  await expect
    .poll(async () => Number(await chart.getAttribute('data-bar-count')), { timeout: 30_000 })
    .toBeGreaterThan(10);
}

/** The row of a searchable list that Enter would choose (cmdk marks it; focus stays in the input). */
function highlightedRow(dialog: Locator): Locator {
  return dialog.locator('[cmdk-item][data-selected="true"]');
}

test('keyboard only: sign in, open ETHUSDT, add RSI, create an alert, see it on /alerts', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  // The account is made beforehand in another context; the flow itself starts signed out.
  const setup = await browser.newContext();
  const user = await newTrader(await setup.newPage(), 'keyboard');
  await setup.close();
  const context = await browser.newContext();
  const page = await context.newPage();

  // Sign in with the form.
  await page.goto('/login');
  const form = page.getByRole('form', { name: 'Sign in with password' });
  await tabTo(page, form.getByLabel('Email', { exact: true }));
  await expectVisibleFocus(page, 'the email field');
  await page.keyboard.type(user.email);
  await tabTo(page, form.getByLabel('Password', { exact: true }));
  await expectVisibleFocus(page, 'the password field');
  await page.keyboard.type(user.password);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/chart/, { timeout: 30_000 });
  await chartReady(page);

  // Tabs from a fresh page to the first watchlist row, straight through everything.
  const firstWatchlistRow = page.getByRole('button', { name: /^BTCUSDT .*open on the chart$/ });
  const direct = await tabTo(page, firstWatchlistRow);
  console.log(`Tabs from page load to the first watchlist row: ${direct}`);
  await page.reload();
  await chartReady(page);

  // The first Tab stop is the skip link; it jumps past the header.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  expect(await isFocused(skip)).toBe(true);
  await expect(skip).toBeInViewport();
  await expectVisibleFocus(page, 'the skip link');
  await page.screenshot({ path: 'artifacts/keyboard-skip-link.png' });
  await page.keyboard.press('Enter');
  const afterSkip = await tabTo(page, firstWatchlistRow);
  console.log(`Tabs to it through "Skip to content": Tab, Enter, then ${afterSkip} Tabs`);

  // The chart's second skip link goes to the watchlist (its Add button, then the first row). A
  // fresh load without the "#content" the first skip link left in the URL: reloading with it, the
  // browser puts focus on that target, and Tab goes on from there.
  await page.goto(page.url().replace(/#.*$/, ''));
  await chartReady(page);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const skipToWatchlist = page.getByRole('link', { name: 'Skip to watchlist' });
  expect(await isFocused(skipToWatchlist)).toBe(true);
  await expectVisibleFocus(page, 'the watchlist skip link');
  await page.keyboard.press('Enter');
  const inWatchlist = await tabTo(page, firstWatchlistRow, { max: 2 });
  console.log(`Tabs through "Skip to watchlist": Tab, Tab, Enter, then ${inWatchlist} Tabs`);
  await expectVisibleFocus(page, 'the first watchlist row');

  // Symbol search: ETHUSDT.
  const symbolButton = page.getByTestId('symbol-button');
  await tabTo(page, symbolButton, { back: true });
  await expectVisibleFocus(page, 'the symbol button');
  await page.keyboard.press('Enter');
  const search = page.getByTestId('symbol-search');
  await expect(search.getByRole('combobox')).toBeFocused();
  await expectVisibleFocus(page, 'the symbol search input');
  await page.keyboard.type('eth');
  await expect(highlightedRow(search)).toHaveAttribute('data-symbol', /USDT|ETH/);
  for (let i = 0; i < 20; i++) {
    if ((await highlightedRow(search).getAttribute('data-symbol')) === 'ETHUSDT') break;
    await page.keyboard.press('ArrowDown');
  }
  await expect(highlightedRow(search)).toHaveAttribute('data-symbol', 'ETHUSDT');
  await expectVisibleFocus(page, 'the highlighted symbol row', highlightedRow(search));
  await page.keyboard.press('Enter');
  await expect(search).toBeHidden();
  await expect(page.getByTestId('chart-workspace')).toHaveAttribute('data-symbol', 'ETHUSDT');
  await expect(symbolButton).toBeFocused();

  // Indicator picker: RSI.
  const indicatorsButton = page.getByTestId('indicators-button');
  await tabTo(page, indicatorsButton);
  await expectVisibleFocus(page, 'the indicators button');
  await page.keyboard.press('Enter');
  const picker = page.getByRole('dialog', { name: 'Indicators' });
  await expect(picker.getByRole('combobox', { name: 'Search indicators' })).toBeFocused();
  await page.keyboard.type('rsi');
  await expect(highlightedRow(picker)).toContainText('Relative Strength Index');
  await expectVisibleFocus(page, 'the highlighted indicator row', highlightedRow(picker));
  await page.keyboard.press('Enter');
  await expect(picker.getByRole('status')).toContainText('Relative Strength Index added');
  await page.keyboard.press('Escape');
  await expect(picker).toBeHidden();
  await expect(indicatorsButton).toBeFocused();
  await expect(page.locator('[data-testid="indicator-legend"][data-indicator="rsi"]')).toHaveCount(
    1,
  );

  // Alert dialog: a named alert on ETHUSDT.
  const alertButton = page.getByTestId('alert-button');
  await expect(alertButton).toBeEnabled({ timeout: 30_000 });
  await tabTo(page, alertButton);
  await expectVisibleFocus(page, 'the alert button');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: /Create alert/ });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Symbol', { exact: true })).toHaveValue('ETHUSDT');
  const name = dialog.getByLabel('Alert name (optional)');
  await tabTo(page, name);
  await expectVisibleFocus(page, 'the alert name field');
  await page.keyboard.type('Keyboard alert');
  await tabTo(page, dialog.getByRole('button', { name: 'Create' }));
  await expectVisibleFocus(page, 'the Create button');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(alertButton).toBeFocused();

  // The alerts page, reached through the header's navigation.
  const alertsLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', {
    name: 'Alerts',
  });
  await tabTo(page, alertsLink, { back: true });
  await expectVisibleFocus(page, 'the Alerts link');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/alerts/);
  const row = page.getByTestId('alert-row').filter({ hasText: 'Keyboard alert' });
  await expect(row).toBeVisible();
  await expect(row).toContainText('ETHUSDT');
  await page.screenshot({ path: 'artifacts/keyboard-alerts.png' });
  await context.close();
});

/** Focuses `opener` and presses Enter, as a keyboard user opens a dialog. */
async function openWith(opener: Locator) {
  await opener.focus();
  await opener.press('Enter');
}

test('every dialog opened from state gives focus back to its opener (Esc and its button)', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await newTrader(page, 'focus-return');
  await chartReady(page);
  const failures: string[] = [];
  async function check(
    name: string,
    opener: Locator,
    dialog: Locator,
    close: 'Escape' | Locator,
    returnTo: Locator = opener,
  ) {
    await openWith(opener);
    await expect(dialog, `${name} opens`).toBeVisible();
    if (close === 'Escape') await page.keyboard.press('Escape');
    else await close.click();
    await expect(dialog, `${name} closes`).toBeHidden();
    // Radix moves focus on close after a frame.
    await page.waitForTimeout(100);
    if (!(await isFocused(returnTo))) {
      const active = await page.evaluate(
        () => document.activeElement?.outerHTML.slice(0, 80) ?? 'nothing',
      );
      failures.push(
        `${name}, closed with ${close === 'Escape' ? 'Esc' : 'its button'}: focus on ${active}`,
      );
    }
  }

  const symbolSearch = page.getByTestId('symbol-search');
  for (const close of ['Escape', symbolSearch.getByRole('button', { name: 'Close' })] as const) {
    await check('symbol search', page.getByTestId('symbol-button'), symbolSearch, close);
  }

  const picker = page.getByRole('dialog', { name: 'Indicators' });
  for (const close of ['Escape', picker.getByRole('button', { name: 'Close' })] as const) {
    await check('indicator picker', page.getByTestId('indicators-button'), picker, close);
  }

  // An indicator to open the settings of.
  await openWith(page.getByTestId('indicators-button'));
  await page.keyboard.type('rsi');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  const settings = page.getByRole('dialog', { name: /RSI 14 settings/ });
  for (const close of ['Escape', settings.getByRole('button', { name: 'Cancel' })] as const) {
    await check(
      'indicator settings',
      page.getByRole('button', { name: 'Settings for RSI 14' }),
      settings,
      close,
    );
  }

  const alertButton = page.getByTestId('alert-button');
  await expect(alertButton).toBeEnabled({ timeout: 30_000 });
  const alertDialog = page.getByRole('dialog', { name: /Create alert/ });
  for (const close of ['Escape', alertDialog.getByRole('button', { name: 'Cancel' })] as const) {
    await check('alert dialog', alertButton, alertDialog, close);
  }

  // Opened from a layout menu item: focus goes back to the menu's button.
  const layoutMenu = page.getByTestId('layout-menu');
  const nameDialog = page.getByRole('dialog', { name: 'Save layout as' });
  for (const close of ['Escape', nameDialog.getByRole('button', { name: 'Cancel' })] as const) {
    await openWith(layoutMenu);
    await expect(page.getByRole('menuitem', { name: 'Save layout as…' })).toBeFocused();
    await check(
      'layout name dialog',
      page.getByRole('menuitem', { name: 'Save layout as…' }),
      nameDialog,
      close,
      layoutMenu,
    );
  }

  // The alerts page: edit and delete confirmation of an alert.
  await openWith(alertButton);
  await alertDialog.getByLabel('Alert name (optional)').fill('Focus alert');
  await alertDialog.getByRole('button', { name: 'Create' }).click();
  await expect(alertDialog).toBeHidden();
  await page.goto('/alerts');
  const row = page.getByTestId('alert-row').filter({ hasText: 'Focus alert' });
  const edit = page.getByRole('dialog', { name: /Edit alert/ });
  for (const close of ['Escape', edit.getByRole('button', { name: 'Cancel' })] as const) {
    await check(
      'alerts page: edit',
      row.getByRole('button', { name: 'Edit Focus alert' }),
      edit,
      close,
    );
  }
  const confirm = page.getByRole('dialog', { name: 'Delete this alert?' });
  for (const close of ['Escape', confirm.getByRole('button', { name: 'Cancel' })] as const) {
    await check(
      'alerts page: delete confirmation',
      row.getByRole('button', { name: 'Delete Focus alert' }),
      confirm,
      close,
    );
  }

  expect(failures, `focus not returned to the opener:\n${failures.join('\n')}`).toEqual([]);
});
