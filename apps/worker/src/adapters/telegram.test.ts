// The Telegram adapter (grammY's client) against a local fake of the Bot API: messages, long
// polling, and how each failure is classified for the retry policy; the bot token never appears
// in an error message (they end up in logs and on delivery rows).
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from '../../test/fake-telegram';
import { TelegramBotApi, TelegramError } from './telegram';

const TOKEN = '123456:AAE-secret-bot-token';
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function fake(options: Partial<Parameters<typeof startFakeTelegram>[0]> = {}) {
  const api: FakeTelegram = await startFakeTelegram({ token: TOKEN, ...options });
  stops.push(() => api.close());
  return api;
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err as TelegramError,
  );

describe('TelegramBotApi', () => {
  it('sends a message to a chat and returns Telegram’s message id', async () => {
    const api = await fake();
    const bot = new TelegramBotApi({ token: TOKEN, apiUrl: api.url });
    expect(await bot.sendMessage('4242', 'BTCUSDT bought 0.01 at 97,310.55')).toBe(1);
    expect(api.sent).toEqual([
      { messageId: 1, chatId: '4242', text: 'BTCUSDT bought 0.01 at 97,310.55' },
    ]);
  });

  it('classifies failures: 429 waits retry_after, 5xx retries, 403/400 are final', async () => {
    const codes = [429, 500, 403, 400] as const;
    const api = await fake({ fail: (n) => codes[n - 1] ?? null });
    const bot = new TelegramBotApi({ token: TOKEN, apiUrl: api.url });
    const results = [];
    for (let i = 0; i < codes.length; i++) results.push(await failure(bot.sendMessage('1', 'x')));
    expect(results.map((e) => [e.permanent, e.retryAfterSeconds])).toEqual([
      [false, 1],
      [false, null],
      [true, null],
      [true, null],
    ]);
    expect(results[2]?.message).toBe('Telegram 403: Forbidden: bot was blocked by the user');
    expect(api.sent).toHaveLength(0);
  });

  it('keeps the token out of errors when the API cannot be reached', async () => {
    const api = await fake();
    const url = api.url;
    await api.close();
    stops.length = 0;
    const err = await failure(
      new TelegramBotApi({ token: TOKEN, apiUrl: url }).sendMessage('1', 'x'),
    );
    expect(err).toBeInstanceOf(TelegramError);
    expect(err.permanent).toBe(false);
    expect(`${err.message} ${err.stack ?? ''}`).not.toContain('secret-bot-token');
  });

  it('long-polls for private messages and returns them as soon as one arrives', async () => {
    const api = await fake();
    const bot = new TelegramBotApi({ token: TOKEN, apiUrl: api.url });
    const started = Date.now();
    const polled = bot.getUpdates(0, 10);
    setTimeout(() => api.userSays('777', '/start abc123'), 150);
    const { lastUpdateId, messages } = await polled;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(messages).toEqual([{ updateId: lastUpdateId, chatId: '777', text: '/start abc123' }]);
    // The next offset confirms it: it is not delivered again.
    expect((await bot.getUpdates((lastUpdateId ?? 0) + 1, 0)).messages).toEqual([]);
  });
});
