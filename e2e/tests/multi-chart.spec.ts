// Several charts in one layout, as a trader sets them up: two charts side by side, the second on
// another symbol chosen by typing on it, the crosshair following the pointer from one chart to the
// other, the grid kept after a reload, and every chart fed over the tab's one live connection.
import { expect, test } from '@playwright/test';
import { register, uniqueEmail } from './helpers';

test('a two-chart layout: its own symbol per chart, crosshair sync, saved, one live connection', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const sockets: string[] = [];
  page.on('websocket', (ws) => {
    if (ws.url().includes('/api/live')) sockets.push(ws.url());
  });
  await register(page, { name: 'Grid', email: uniqueEmail('grid'), password: 'two charts please' });
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto('/chart?symbol=BTCUSDT&interval=1h');
  const workspace = page.getByTestId('chart-workspace');
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'live', {
    timeout: 30_000,
  });

  await page.getByTestId('grid-menu').click();
  await page.getByRole('menuitemradio', { name: 'Two charts side by side' }).click();
  await page.keyboard.press('Escape');
  const areas = page.getByTestId('chart-area');
  await expect(areas).toHaveCount(2);
  await expect(workspace).toHaveAttribute('data-grid', '2h');
  const [first, second] = [areas.nth(0), areas.nth(1)];
  await expect(second).toHaveAttribute('data-symbol', 'BTCUSDT');

  // Typing on the second chart opens the symbol search for it; the first keeps its symbol.
  await second.getByTestId('candle-chart').click();
  await expect(workspace).toHaveAttribute('data-active-chart', '1');
  await page.keyboard.type('ETHUSDT');
  await page.keyboard.press('Enter');
  await expect(second).toHaveAttribute('data-symbol', 'ETHUSDT');
  await expect(first).toHaveAttribute('data-symbol', 'BTCUSDT');
  await expect(second.getByTestId('candle-chart')).toBeVisible({ timeout: 30_000 });
  await expect(second.getByTestId('candle-chart')).not.toHaveAttribute('data-bar-count', '0');

  // The pointer on the first chart puts the second chart's crosshair on the same hour.
  const box = (await first.getByTestId('candle-chart').boundingBox())!;
  for (const share of [0.4, 0.55, 0.7]) {
    await page.mouse.move(box.x + box.width * share, box.y + box.height * 0.5, { steps: 4 });
    const here = first.getByTestId('candle-chart');
    await expect(here).toHaveAttribute('data-crosshair-time', /\d/);
    const label = await here.getAttribute('data-crosshair-time');
    await expect(second.getByTestId('candle-chart')).toHaveAttribute('data-crosshair-time', label!);
  }
  await page.screenshot({ path: test.info().outputPath('two-charts-crosshair.png') });
  await page.screenshot({ path: '/tmp/two-charts-crosshair.png' });

  // Leaving the chart clears the synced crosshair.
  await page.mouse.move(box.x + box.width * 0.5, box.y - 40);
  await expect(second.getByTestId('candle-chart')).not.toHaveAttribute('data-crosshair-time', /./);

  // The layout autosaves: after a reload the grid and both markets are back, over one socket.
  await expect(page.getByTestId('layout-status')).toHaveAttribute('data-status', 'saved', {
    timeout: 10_000,
  });
  sockets.length = 0;
  await page.reload();
  await expect(areas).toHaveCount(2);
  await expect(areas.nth(0)).toHaveAttribute('data-symbol', 'BTCUSDT');
  await expect(areas.nth(1)).toHaveAttribute('data-symbol', 'ETHUSDT');
  for (const i of [0, 1])
    await expect(areas.nth(i).getByTestId('candle-chart')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'live', {
    timeout: 30_000,
  });
  // Both charts' live bars arrive (each chart's last close is set from its own market).
  for (const i of [0, 1])
    await expect(areas.nth(i).getByTestId('candle-chart')).toHaveAttribute('data-last-close', /\d/);
  expect(sockets).toHaveLength(1);

  // Four charts: the two new ones copy the active chart's market; still one live connection.
  await page.getByTestId('grid-menu').click();
  await page.getByRole('menuitemradio', { name: 'Four charts' }).click();
  await page.keyboard.press('Escape');
  await expect(areas).toHaveCount(4);
  for (const i of [2, 3]) {
    await expect(areas.nth(i)).toHaveAttribute('data-symbol', /USDT$/);
    await expect(areas.nth(i).getByTestId('candle-chart')).toBeVisible({ timeout: 30_000 });
  }
  await page.screenshot({ path: '/tmp/four-charts.png' });
  expect(sockets).toHaveLength(1);
});
