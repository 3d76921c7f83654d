import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

// Every page a signed-in trader visits renders without errors in the browser console (hydration
// mismatches, failed requests, uncaught exceptions), on a laptop and on a phone.
for (const viewport of [
  { width: 1366, height: 800 },
  { width: 390, height: 844 },
]) {
  test(`pages render cleanly at ${viewport.width}px`, async ({ page }) => {
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    await page.setViewportSize(viewport);

    await signIn(page, 'demo@coinview.local', 'coinview-demo');
    await expect(page).toHaveURL(/\/chart/);
    await expect(page.getByTestId('candle-chart')).toBeVisible();
    await page.goto('/settings');
    await expect(page.getByRole('form', { name: 'Settings' })).toBeVisible();
    await page.screenshot({ path: `artifacts/settings-${viewport.width}.png` });
    await page.goto('/alerts');
    await expect(page.getByRole('heading', { name: 'Alerts', level: 1 })).toBeVisible();
    await page.screenshot({ path: `artifacts/alerts-${viewport.width}.png` });
    await page.goto('/chart?symbol=ETHUSDT&interval=1h');
    await expect(page.getByTestId('candle-chart')).toBeVisible();
    await page.screenshot({ path: `artifacts/chart-eth-1h-${viewport.width}.png` });

    expect(problems).toEqual([]);
  });
}
