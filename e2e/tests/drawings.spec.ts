// Drawing on the chart with the mouse, as a trader would: a trend line by two clicks, saved for the
// symbol (it is there after a reload, on another interval), moved by dragging its handle; another
// user sees none of it. Restyled and locked from its floating toolbar, it keeps both.
import { type Page, expect, test } from '@playwright/test';
import { register, signOut, uniqueEmail } from './helpers';

interface StoredDrawing {
  kind: string;
  anchors: { time: number; price: number }[];
  style: { color: string; width: number; dash: string; label?: string };
  locked: boolean;
}

/** The drawings saved for the symbol, read back through the app's own API. */
async function storedDrawings(page: Page, symbol: string): Promise<StoredDrawing[]> {
  return page.evaluate(async (s) => {
    const input = encodeURIComponent(JSON.stringify({ json: { symbol: s } }));
    const res = await fetch(`/api/trpc/drawings.get?input=${input}`);
    const body = (await res.json()) as { result: { data: { json: { drawings: unknown[] } } } };
    return body.result.data.json.drawings as StoredDrawing[];
  }, symbol);
}

async function chartBox(page: Page) {
  const chart = page.getByTestId('candle-chart');
  await expect(chart).toBeVisible();
  return (await chart.boundingBox())!;
}

async function waitSaved(page: Page, count: number) {
  const area = page.getByTestId('chart-area');
  await expect(area).toHaveAttribute('data-drawings', String(count));
  await expect(area).toHaveAttribute('data-drawings-saved', 'saved', { timeout: 10_000 });
}

test('a trend line drawn with the mouse is saved, shown on every interval, and moved by its handle', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await register(page, { name: 'Drawer', email: uniqueEmail('draw'), password: 'lines and rays' });
  await page.goto('/chart?symbol=BTCUSDT&interval=1h');
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'live', {
    timeout: 30_000,
  });
  await waitSaved(page, 0);

  const toolbar = page.getByRole('toolbar', { name: 'Drawing tools' });
  await toolbar.getByRole('button', { name: /^Trend line/ }).click();
  const box = await chartBox(page);
  // Two clicks inside the price pane: the line's two points.
  const a = { x: box.x + box.width * 0.3, y: box.y + box.height * 0.35 };
  const b = { x: box.x + box.width * 0.6, y: box.y + box.height * 0.55 };
  await page.mouse.click(a.x, a.y);
  await page.mouse.move(b.x, b.y, { steps: 5 });
  await page.mouse.click(b.x, b.y);
  await waitSaved(page, 1);
  const [line] = await storedDrawings(page, 'BTCUSDT');
  expect(line!.kind).toBe('trend-line');
  expect(line!.anchors).toHaveLength(2);
  expect(line!.anchors[1]!.time).toBeGreaterThan(line!.anchors[0]!.time);
  // Higher on screen is a higher price.
  expect(line!.anchors[0]!.price).toBeGreaterThan(line!.anchors[1]!.price);
  await page.screenshot({ path: test.info().outputPath('trend-line.png') });

  // Still there after a reload, and on another interval of the same symbol.
  await page.goto('/chart?symbol=BTCUSDT&interval=4h');
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'live', {
    timeout: 30_000,
  });
  await waitSaved(page, 1);
  await page.goto('/chart?symbol=BTCUSDT&interval=1h');
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'live', {
    timeout: 30_000,
  });
  await waitSaved(page, 1);

  // Select it (a click on the line), then drag its second handle down.
  const box2 = await chartBox(page);
  const mid = { x: box2.x + box2.width * 0.45, y: box2.y + box2.height * 0.45 };
  await page.mouse.click(mid.x, mid.y);
  const handle = { x: box2.x + box2.width * 0.6, y: box2.y + box2.height * 0.55 };
  await page.mouse.move(handle.x, handle.y);
  await page.mouse.down();
  await page.mouse.move(handle.x, handle.y + box2.height * 0.15, { steps: 8 });
  await page.mouse.up();
  await expect
    .poll(async () => (await storedDrawings(page, 'BTCUSDT'))[0]!.anchors[1]!.price, {
      timeout: 10_000,
    })
    .toBeLessThan(line!.anchors[1]!.price);
  const [moved] = await storedDrawings(page, 'BTCUSDT');
  // The first point stayed where it was.
  expect(moved!.anchors[0]).toEqual(line!.anchors[0]);
  await page.screenshot({ path: test.info().outputPath('trend-line-moved.png') });

  // Delete removes the selected drawing; Ctrl+Z brings it back.
  await page.keyboard.press('Delete');
  await waitSaved(page, 0);
  await page.keyboard.press('Control+z');
  await waitSaved(page, 1);

  // Nobody else sees it.
  await signOut(page);
  await register(page, {
    name: 'Other',
    email: uniqueEmail('draw-other'),
    password: 'my own lines',
  });
  await page.goto('/chart?symbol=BTCUSDT&interval=1h');
  await waitSaved(page, 0);
  expect(await storedDrawings(page, 'BTCUSDT')).toEqual([]);
});

test('right-click a drawn line → Add alert: the worker fires it on the replay', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await register(page, {
    name: 'Line Alert',
    email: uniqueEmail('draw-alert'),
    password: 'alerts on lines',
  });
  await page.goto('/chart?symbol=BTCUSDT&interval=1m');
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'live', {
    timeout: 30_000,
  });
  await waitSaved(page, 0);

  // A horizontal line near the top of the pane: above every bar in view.
  await page.keyboard.press('Alt+h');
  const box = await chartBox(page);
  const at = { x: box.x + box.width * 0.4, y: box.y + box.height * 0.06 };
  await page.mouse.click(at.x, at.y);
  await waitSaved(page, 1);
  const [line] = await storedDrawings(page, 'BTCUSDT');
  expect(line!.kind).toBe('horizontal-line');
  // Placed on BTCUSDT's tick (0.01), not at the pointer's raw price.
  const price = line!.anchors[0]!.price;
  expect(price).toBe(Number(price.toFixed(2)));

  // Its menu, not the price menu.
  await page.mouse.click(at.x, at.y, { button: 'right' });
  const menu = page.getByRole('menu', { name: 'Drawing' });
  await menu.getByRole('menuitem', { name: 'Add alert on horizontal line' }).click();
  const dialog = page.getByRole('dialog', { name: /Create alert/ });
  await expect(dialog.getByTestId('line-operand')).toContainText('Horizontal line');
  // The close is below the line: "less than" holds on the next tick.
  await dialog.getByLabel('Condition', { exact: true }).selectOption('less-than');
  await dialog.getByLabel('Trigger', { exact: true }).selectOption('intrabar');
  await dialog.getByLabel('Frequency', { exact: true }).selectOption('once');
  await dialog.getByLabel('Alert name (optional)').fill('E2E below my line');
  await dialog.getByLabel('Message', { exact: true }).fill('E2E line {{symbol}} at {{close}}');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();
  const fired = page.locator('[data-sonner-toast]').filter({ hasText: /E2E line BTCUSDT at/ });
  await expect(fired).toBeVisible({ timeout: 120_000 });
  await page.screenshot({ path: test.info().outputPath('line-alert-fired.png') });

  // The alert's rule holds the line's point (and the drawing's id).
  await page.goto('/alerts');
  const row = page.getByTestId('alert-row').filter({ hasText: 'E2E below my line' });
  await expect(row.getByTestId('alert-status')).toHaveAttribute('data-status', 'triggered');
  await expect(row).toContainText(/Close less than Horizontal line \d/);
});

test('a trend line restyled and locked from its floating toolbar stays put and keeps both after a reload', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await register(page, {
    name: 'Styler',
    email: uniqueEmail('draw-style'),
    password: 'orange lines',
  });
  await page.goto('/chart?symbol=BTCUSDT&interval=1h');
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'live', {
    timeout: 30_000,
  });
  await waitSaved(page, 0);

  await page
    .getByRole('toolbar', { name: 'Drawing tools' })
    .getByRole('button', { name: /^Trend line/ })
    .click();
  const box = await chartBox(page);
  const a = { x: box.x + box.width * 0.3, y: box.y + box.height * 0.35 };
  const b = { x: box.x + box.width * 0.6, y: box.y + box.height * 0.55 };
  await page.mouse.click(a.x, a.y);
  await page.mouse.move(b.x, b.y, { steps: 5 });
  await page.mouse.click(b.x, b.y);
  await waitSaved(page, 1);
  const [drawn] = await storedDrawings(page, 'BTCUSDT');

  // The new line is selected: its toolbar floats above it.
  const style = page.getByRole('toolbar', { name: 'Trend line style' });
  await expect(style).toBeVisible();
  const styleBox = (await style.boundingBox())!;
  expect(styleBox.y + styleBox.height).toBeLessThan(a.y);
  await style.getByRole('button', { name: 'Line colour' }).click();
  await style.getByRole('button', { name: 'Orange' }).click();
  await style.getByRole('button', { name: 'Line width' }).click();
  await style.getByRole('button', { name: '4 px' }).click();
  const lock = style.getByRole('button', { name: 'Lock drawing' });
  await lock.click();
  await expect(lock).toHaveAttribute('aria-pressed', 'true');
  await expect
    .poll(async () => (await storedDrawings(page, 'BTCUSDT'))[0], { timeout: 10_000 })
    .toMatchObject({ style: { color: '#ff9800', width: 4 }, locked: true });

  // Locked: pressing on the line and dragging pans the chart instead of moving the line.
  const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  await page.mouse.move(mid.x, mid.y);
  await page.mouse.down();
  await page.mouse.move(mid.x + 40, mid.y + box.height * 0.15, { steps: 8 });
  await page.mouse.up();
  await waitSaved(page, 1);
  expect((await storedDrawings(page, 'BTCUSDT'))[0]!.anchors).toEqual(drawn!.anchors);
  await page.screenshot({ path: '/tmp/drawing-style.png' });

  // After a reload: the same colour, width and lock, shown again on selecting it.
  await page.reload();
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'live', {
    timeout: 30_000,
  });
  await waitSaved(page, 1);
  const [stored] = await storedDrawings(page, 'BTCUSDT');
  expect(stored).toMatchObject({ style: { color: '#ff9800', width: 4 }, locked: true });
  expect(stored!.anchors).toEqual(drawn!.anchors);
  await page.mouse.click(mid.x, mid.y);
  await expect(style).toBeVisible();
  await expect(style.getByRole('button', { name: 'Lock drawing' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(style.getByRole('button', { name: 'Line colour' })).toHaveAttribute(
    'title',
    'Colour: Orange',
  );
  await page.screenshot({ path: '/tmp/drawing-style-reloaded.png' });

  // Its menu offers Unlock and its settings; the dialog changes nothing on Cancel.
  await page.mouse.click(mid.x, mid.y, { button: 'right' });
  const menu = page.getByRole('menu', { name: 'Drawing' });
  await expect(menu.getByRole('menuitem', { name: 'Unlock' })).toBeVisible();
  await menu.getByRole('menuitem', { name: 'Settings…' }).click();
  const settings = page.getByRole('dialog', { name: 'Trend line settings' });
  await expect(settings).toBeVisible();
  await expect(settings.getByLabel('Line width')).toHaveValue('4');
  await page.screenshot({ path: '/tmp/drawing-settings.png' });
  await settings.getByRole('button', { name: 'Cancel' }).click();
  await expect(settings).toBeHidden();
  // A double-click on the line opens them too; Apply with a label is one saved edit.
  await page.mouse.dblclick(mid.x, mid.y);
  await expect(settings).toBeVisible();
  await settings.getByLabel('Label').fill('Resistance');
  await settings.getByRole('button', { name: 'Apply' }).click();
  await expect(settings).toBeHidden();
  await expect
    .poll(async () => (await storedDrawings(page, 'BTCUSDT'))[0]?.style, { timeout: 10_000 })
    .toMatchObject({ label: 'Resistance', color: '#ff9800' });
});
