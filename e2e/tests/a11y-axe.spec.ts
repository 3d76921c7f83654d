// Accessibility audit with axe-core (WCAG 2.0/2.1 A and AA rules) over every page, signed out and
// signed in, in the dark and the light theme, and over every dialog and menu in its open state.
// A serious or critical violation anywhere fails the test; the failure lists each one readably
// (state, rule, impact, the offending elements and axe's summary of what to fix).
import AxeBuilder from '@axe-core/playwright';
import { type BrowserContext, type Page, expect, test } from '@playwright/test';
import { register, uniqueEmail } from './helpers';

type Theme = 'dark' | 'light';
const THEMES: Theme[] = ['dark', 'light'];
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe on the page as it is now and returns its serious and critical violations, readable. */
async function audit(page: Page, state: string): Promise<string[]> {
  // Let transitions (dialog fade-ins, hover colours) settle so colours are measured at rest.
  await page.waitForTimeout(250);
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 6)
        .map(
          (n) =>
            `      ${n.target.join(' ')}\n        ${n.failureSummary?.split('\n').slice(1, 2).join('').trim() ?? ''}`,
        )
        .join('\n');
      const more = v.nodes.length > 6 ? `\n      … and ${v.nodes.length - 6} more` : '';
      return `[${state}] ${v.id} (${v.impact}, ${v.nodes.length}×): ${v.help}\n${nodes}${more}`;
    });
}

function expectNone(found: string[]) {
  expect(found, `serious/critical axe violations:\n\n${found.join('\n\n')}`).toEqual([]);
}

/** The theme cookie the layout paints every page with (the chart writes it from its layout). */
async function useTheme(context: BrowserContext, baseURL: string, theme: Theme) {
  await context.addCookies([{ name: 'coinview-theme', value: theme, url: baseURL }]);
}

async function chartReady(page: Page) {
  await expect
    .poll(
      async () => Number(await page.getByTestId('candle-chart').getAttribute('data-bar-count')),
      {
        timeout: 30_000,
      },
    )
    .toBeGreaterThan(10);
}

for (const theme of THEMES) {
  test(`axe: signed-out pages in the ${theme} theme`, async ({ page, context, baseURL }) => {
    await useTheme(context, baseURL!, theme);
    const found: string[] = [];
    await page.goto('/login');
    await expect(page.getByRole('form', { name: 'Sign in with password' })).toBeVisible();
    found.push(...(await audit(page, `${theme} /login`)));
    await page.screenshot({ path: `artifacts/a11y-${theme}-login.png` });
    await page.goto('/register');
    await expect(page.getByRole('form', { name: 'Create account' })).toBeVisible();
    found.push(...(await audit(page, `${theme} /register`)));
    await page.goto('/login/check-email?email=someone%40example.test');
    await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
    found.push(...(await audit(page, `${theme} /login/check-email`)));
    await page.goto('/dev/mailbox');
    found.push(...(await audit(page, `${theme} /dev/mailbox`)));
    await page.goto('/no-such-page');
    await expect(page.getByText('This page does not exist.')).toBeVisible();
    found.push(...(await audit(page, `${theme} not-found`)));
    expectNone(found);
  });

  test(`axe: signed-in pages, dialogs and menus in the ${theme} theme`, async ({
    page,
    context,
    baseURL,
  }) => {
    test.setTimeout(180_000);
    await register(page, {
      name: 'Axe Auditor',
      email: uniqueEmail(`axe-${theme}`),
      password: 'audit every page',
    });
    await chartReady(page);
    if (theme === 'light') {
      await page.getByTestId('theme-toggle').click();
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    }
    await useTheme(context, baseURL!, theme);
    const found: string[] = [];
    const at = (state: string) => `${theme} ${state}`;
    found.push(...(await audit(page, at('/chart'))));
    await page.screenshot({ path: `artifacts/a11y-${theme}-chart.png` });

    // Symbol search.
    await page.getByTestId('symbol-button').click();
    const search = page.getByTestId('symbol-search');
    await expect(search.getByTestId('symbol-search-row').first()).toBeVisible();
    found.push(...(await audit(page, at('symbol search'))));
    await page.keyboard.press('ArrowDown');
    await page.screenshot({ path: `artifacts/a11y-${theme}-symbol-search.png` });
    await page.keyboard.press('Escape');
    await expect(search).toBeHidden();

    // Indicator picker, then the settings of the indicator it added.
    await page.getByTestId('indicators-button').click();
    const picker = page.getByRole('dialog', { name: 'Indicators' });
    await picker.getByRole('combobox', { name: 'Search indicators' }).fill('rsi');
    found.push(...(await audit(page, at('indicator picker'))));
    await picker
      .getByRole('option', { name: /Relative Strength Index/ })
      .first()
      .click();
    await page.keyboard.press('Escape');
    await expect(picker).toBeHidden();
    await page.getByRole('button', { name: 'Settings for RSI 14' }).click();
    const settings = page.getByRole('dialog', { name: /RSI 14 settings/ });
    await expect(settings).toBeVisible();
    found.push(...(await audit(page, at('indicator settings'))));
    await page.keyboard.press('Escape');
    await expect(settings).toBeHidden();

    // Alert dialog from the toolbar; the alert it creates is used on the alerts page below.
    await expect(page.getByTestId('alert-button')).toBeEnabled({ timeout: 30_000 });
    await page.getByTestId('alert-button').click();
    const alertDialog = page.getByRole('dialog', { name: /Create alert/ });
    await expect(alertDialog).toBeVisible();
    found.push(...(await audit(page, at('alert dialog'))));
    await alertDialog.getByLabel('Alert name (optional)').fill('Axe alert');
    await alertDialog.getByRole('button', { name: 'Create' }).click();
    await expect(alertDialog).toBeHidden();

    // Layout menu and the layout name dialog.
    await page.getByTestId('layout-menu').click();
    await expect(page.getByRole('menuitem', { name: 'Save layout as…' })).toBeVisible();
    found.push(...(await audit(page, at('layout menu'))));
    await page.screenshot({ path: `artifacts/a11y-${theme}-layout-menu.png` });
    await page.getByRole('menuitem', { name: 'Save layout as…' }).click();
    const nameDialog = page.getByRole('dialog', { name: 'Save layout as' });
    await expect(nameDialog).toBeVisible();
    found.push(...(await audit(page, at('layout name dialog'))));
    await page.keyboard.press('Escape');
    await expect(nameDialog).toBeHidden();

    // The toolbar's interval and chart type menus.
    await page.getByRole('button', { name: 'More intervals' }).click();
    await expect(page.getByRole('menuitemradio').first()).toBeVisible();
    found.push(...(await audit(page, at('interval menu'))));
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /^Chart type/ }).click();
    await expect(page.getByRole('menuitemradio').first()).toBeVisible();
    found.push(...(await audit(page, at('chart type menu'))));
    await page.keyboard.press('Escape');

    // The chart's right-click menu.
    const box = (await page.getByTestId('candle-chart').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.4, box.y + box.height * 0.3, { button: 'right' });
    await expect(page.getByRole('menuitem', { name: /Add alert at/ })).toBeVisible();
    found.push(...(await audit(page, at('chart context menu'))));
    await page.keyboard.press('Escape');

    // Notifications panel.
    await page.getByTestId('notification-bell').click();
    await expect(page.getByRole('heading', { name: 'Notifications' })).toBeVisible();
    found.push(...(await audit(page, at('notifications panel'))));
    await page.keyboard.press('Escape');

    // Alerts page, its edit dialog and its delete confirmation.
    await page.goto('/alerts');
    const row = page.getByTestId('alert-row').filter({ hasText: 'Axe alert' });
    await expect(row).toBeVisible();
    found.push(...(await audit(page, at('/alerts'))));
    await page.screenshot({ path: `artifacts/a11y-${theme}-alerts.png` });
    await row.getByRole('button', { name: 'Edit Axe alert' }).click();
    const edit = page.getByRole('dialog', { name: /Edit alert/ });
    await expect(edit).toBeVisible();
    found.push(...(await audit(page, at('alerts: edit dialog'))));
    await page.keyboard.press('Escape');
    await expect(edit).toBeHidden();
    await row.getByRole('button', { name: 'Delete Axe alert' }).click();
    const confirm = page.getByRole('dialog', { name: /Delete/ });
    await expect(confirm).toBeVisible();
    found.push(...(await audit(page, at('alerts: delete confirmation'))));
    await page.keyboard.press('Escape');

    // Orders page: its filters, the (empty) history and the balances panel.
    await page.goto('/orders');
    await expect(page.getByRole('search', { name: 'Filter orders' })).toBeVisible();
    await expect(page.getByTestId('account-card').first()).toBeVisible();
    found.push(...(await audit(page, at('/orders'))));
    await page.screenshot({ path: `artifacts/a11y-${theme}-orders.png` });

    await page.goto('/settings');
    await expect(page.getByRole('form', { name: 'Settings' })).toBeVisible();
    await expect(page.getByRole('form', { name: 'Add an exchange key' })).toBeVisible();
    found.push(...(await audit(page, at('/settings'))));
    await page.screenshot({ path: `artifacts/a11y-${theme}-settings.png` });
    await page.goto('/no-such-page');
    await expect(page.getByText('This page does not exist.')).toBeVisible();
    found.push(...(await audit(page, at('not-found (signed in)'))));

    expectNone(found);
  });
}
