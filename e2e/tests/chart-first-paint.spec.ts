// Issue 9, item 14: the chart's first paint is current. It used to show the last closed bar and
// that bar's own change ("+0.54%", unlabelled) for about 2 s until the live bar and the 24 h ticker
// arrived. A MutationObserver installed before the page loads records the toolbar and the chart as
// they are first painted; they must already show the bar in progress and the 24 h change.
import { expect, test } from '@playwright/test';
import { register, uniqueEmail } from './helpers';

const SIM_PORT = process.env.E2E_SIM_PORT ?? '9543';

interface FirstPaint {
  price?: string;
  change?: string;
  chartLastTime?: number;
  chartLastClose?: number;
}

test('the first painted frame shows the forming bar, its price and the 24 h change', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  await register(page, {
    name: 'First Paint',
    email: uniqueEmail('first-paint'),
    password: 'paint it current',
  });
  await page.addInitScript(() => {
    const first: FirstPaint = {};
    (window as unknown as { __firstPaint: FirstPaint }).__firstPaint = first;
    const look = () => {
      const price = document.querySelector('[data-testid="last-price-value"]');
      if (first.price === undefined && price?.textContent) {
        first.price = price.textContent;
        first.change = document.querySelector('[data-testid="day-change"]')?.textContent ?? '';
      }
      const chart = document.querySelector('[data-testid="candle-chart"]');
      if (first.chartLastTime === undefined && Number(chart?.getAttribute('data-bar-count')) > 0) {
        first.chartLastTime = Number(chart!.getAttribute('data-last-time'));
        first.chartLastClose = Number(chart!.getAttribute('data-last-close'));
      }
    };
    new MutationObserver(look).observe(document, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
  });

  // The exchange's clock: the bar in progress when the page is requested opens at this minute.
  const { serverTime } = (await (
    await request.get(`http://localhost:${SIM_PORT}/api/v3/time`)
  ).json()) as { serverTime: number };
  const formingOpen = Math.floor(serverTime / 60_000) * 60;
  await page.goto('/chart?symbol=BTCUSDT&interval=1m');
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'live', {
    timeout: 30_000,
  });
  const first = await page.evaluate(
    () => (window as unknown as { __firstPaint: FirstPaint }).__firstPaint,
  );

  // The chart's first frame ends with the forming bar, not the last closed one.
  expect(first.chartLastTime).toBeGreaterThanOrEqual(formingOpen);
  // The toolbar's first text is that bar's price and the labelled 24 h change.
  expect(first.price).toBe(
    first.chartLastClose!.toLocaleString('en-US', {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    }),
  );
  expect(first.change).toMatch(/^24h[+−-]?\d+\.\d\d%$/);
  // And it is the live bar: the stream's bar is that same one (or the next, had the minute turned).
  const chart = page.getByTestId('candle-chart');
  const liveTime = Number(await chart.getAttribute('data-last-time'));
  expect(liveTime - first.chartLastTime!).toBeLessThanOrEqual(60);
});
