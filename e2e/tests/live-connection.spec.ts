// One live connection per tab: every subscription of /chart (the chart's candles, the
// watchlist's tickers, the bell's notifications) travels over one WebSocket, with no
// server-sent-event stream beside it, so a second tab gets live prices too (HTTP/1.1 allows six
// connections per host, and one stream per subscription used them up).
import {
  type BrowserContext,
  type Locator,
  type Page,
  type WebSocketRoute,
  expect,
  test,
} from '@playwright/test';
import { register, uniqueEmail } from './helpers';

interface LiveConnections {
  /** WebSockets the page opened to the app that are still open. */
  openSockets: () => string[];
  /** Every response the page got as a server-sent-event stream. */
  eventStreams: string[];
  /** The procedures of the subscriptions the page started over its sockets, in order. */
  subscriptions: string[];
}

/** tRPC's WebSocket requests: `{ id, method: 'subscription', params: { path } }`, maybe batched. */
function subscriptionPaths(payload: string | Buffer): string[] {
  try {
    const parsed: unknown = JSON.parse(payload.toString());
    return (Array.isArray(parsed) ? parsed : [parsed])
      .filter((m: { method?: string }) => m?.method === 'subscription')
      .map((m: { params?: { path?: string } }) => m.params?.path ?? '?');
  } catch {
    return []; // PING / PONG
  }
}

/** Watches the connections a page opens to the app from now on. */
function watchConnections(page: Page, appOrigin: string): LiveConnections {
  const sockets: { url: string; isClosed: () => boolean }[] = [];
  const eventStreams: string[] = [];
  const subscriptions: string[] = [];
  const wsOrigin = appOrigin.replace(/^http/, 'ws');
  page.on('websocket', (ws) => {
    if (!ws.url().startsWith(wsOrigin)) return;
    sockets.push({ url: ws.url(), isClosed: () => ws.isClosed() });
    ws.on('framesent', ({ payload }) => subscriptions.push(...subscriptionPaths(payload)));
  });
  page.on('response', (response) => {
    const type = response.headers()['content-type'] ?? '';
    if (type.includes('text/event-stream')) eventStreams.push(new URL(response.url()).pathname);
  });
  return {
    openSockets: () => sockets.filter((s) => !s.isClosed()).map((s) => s.url),
    eventStreams,
    subscriptions,
  };
}

async function lastPrice(row: Locator): Promise<number> {
  return Number((await row.getAttribute('data-last')) || NaN);
}

/** The chart is live in this tab: the badge says so and the watchlist's BTC price moves. */
async function expectLivePrices(page: Page) {
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'live', {
    timeout: 30_000,
  });
  const btc = page.locator('[data-testid="watchlist-row"][data-symbol="BTCUSDT"]');
  await expect.poll(() => lastPrice(btc), { timeout: 30_000 }).toBeGreaterThan(1000);
  const first = await lastPrice(btc);
  await expect.poll(() => lastPrice(btc), { timeout: 30_000 }).not.toBe(first);
  await expect
    .poll(
      async () => Number(await page.getByTestId('candle-chart').getAttribute('data-last-close')),
      {
        timeout: 30_000,
      },
    )
    .toBeGreaterThan(1000);
}

async function openChart(context: BrowserContext, appOrigin: string) {
  const page = await context.newPage();
  const connections = watchConnections(page, appOrigin);
  await page.goto('/chart');
  await expect(page.getByTestId('chart-workspace')).toBeVisible();
  return { page, connections };
}

test('a /chart tab keeps exactly one live connection, and two tabs both get live prices', async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const appOrigin = new URL(baseURL!).origin;
  await register(page, {
    name: 'Live Tabs',
    email: uniqueEmail('live-tabs'),
    password: 'one socket per tab',
  });
  await page.close();

  const liveSocket = `${appOrigin.replace(/^http/, 'ws')}/api/live`;
  const first = await openChart(context, appOrigin);
  await expectLivePrices(first.page);
  // Recorded before asserting, for the before/after comparison in the report.
  test.info().annotations.push({
    type: 'live connections of a /chart tab',
    description: `${first.connections.openSockets().length} WebSocket(s) carrying ${first.connections.subscriptions.join(' ') || 'nothing'}; event streams: ${first.connections.eventStreams.join(' ') || 'none'}`,
  });
  expect(first.connections.openSockets()).toEqual([liveSocket]);
  expect(first.connections.eventStreams).toEqual([]);
  // One subscription each for the chart, the watchlist, the bell and the trader's orders (tickers
  // not restarted once the watchlist arrives).
  expect([...first.connections.subscriptions].sort()).toEqual([
    'market.live',
    'market.tickers',
    'notifications.live',
    'orders.live',
  ]);

  const second = await openChart(context, appOrigin);
  await expectLivePrices(second.page);
  // The first tab is still live while the second one is.
  await expectLivePrices(first.page);
  for (const tab of [first, second]) {
    expect(tab.connections.openSockets()).toEqual([liveSocket]);
    expect(tab.connections.eventStreams).toEqual([]);
  }
});

test('the live socket refuses a page from another origin', async ({ page, baseURL }) => {
  const appOrigin = new URL(baseURL!).origin;
  await register(page, {
    name: 'Live Origin',
    email: uniqueEmail('live-origin'),
    password: 'same origin only',
  });
  // The browser sends the victim's cookie, but the Origin is another site's: no socket.
  const other = appOrigin.replace('localhost', '127.0.0.1');
  await page.goto(`${other}/login`);
  const outcome = await page.evaluate(
    (url) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url);
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      }),
    `${appOrigin.replace(/^http/, 'ws')}/api/live`,
  );
  expect(outcome).toBe('refused');
});

test('the chart shows the live connection dropping and resumes when it is back', async ({
  page,
}) => {
  test.setTimeout(120_000);
  // The page's live socket passes through Playwright, which can drop it and hold a reconnect
  // back for a while (the page's socket stays "connecting" until the handler connects it).
  let holdMs = 0;
  let current: WebSocketRoute | undefined;
  await page.routeWebSocket(/\/api\/live$/, async (ws) => {
    if (holdMs) await new Promise((resolve) => setTimeout(resolve, holdMs));
    current = ws;
    ws.connectToServer();
  });
  await register(page, {
    name: 'Live Reconnect',
    email: uniqueEmail('live-reconnect'),
    password: 'back in a moment',
  });
  const badge = page.getByTestId('live-status');
  await expect(badge).toHaveAttribute('data-status', 'live', { timeout: 30_000 });

  holdMs = 5_000;
  const dropped = current!;
  await dropped.close({ code: 1012, reason: 'restarting' });
  await expect(badge).toHaveAttribute('data-status', 'reconnecting');
  // Back by itself once the connection is let through, with prices moving again.
  await expect(badge).toHaveAttribute('data-status', 'live', { timeout: 30_000 });
  expect(current).not.toBe(dropped);
  const chart = page.getByTestId('candle-chart');
  const closeNow = async () => Number(await chart.getAttribute('data-last-close'));
  const before = await closeNow();
  await expect.poll(closeNow, { timeout: 30_000 }).not.toBe(before);
});
