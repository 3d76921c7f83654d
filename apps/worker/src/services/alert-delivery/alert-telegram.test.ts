// Integration: recordFire → graphile-worker job → startAlertDeliveries → grammY's client → a local
// fake of Telegram's Bot API: one message per fire while Telegram throttles and fails, permanent
// refusals recorded once, and nothing sent to a user without a linked chat.
import { PgBus } from '@coinview/db/bus';
import { type TestDatabase, createTestDatabase } from '@coinview/db/testing';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from '../../../test/fake-telegram';
import { TelegramBotApi } from '../../adapters/telegram';
import { startAlertDeliveries } from './start-alert-deliveries';
import { type Trader, createTrader, fire, queuedJobs, until } from './test-setup';

const TOKEN = '987654:telegram-test-token';
const silent = pino({ level: 'silent' });

let database: TestDatabase;
let bus: PgBus;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  bus = new PgBus(database.url);
});
beforeEach(async () => {
  await database.db.$executeRawUnsafe('DELETE FROM graphile_worker._private_jobs');
});
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});
afterAll(async () => {
  await bus?.close();
  await database?.cleanup();
});

async function telegram(
  options: { fail?: (n: number) => 429 | 500 | 403 | 400 | null; retryAfter?: number } = {},
) {
  const api = await startFakeTelegram({ token: TOKEN, ...options });
  stops.push(() => api.close());
  return api;
}

async function deliveries(api: FakeTelegram | null) {
  const runner = await startAlertDeliveries({
    connectionString: database.url,
    db: database.db,
    bus,
    email: { transport: 'mailbox', from: 'Coinview <alerts@coinview.local>' },
    telegram: api ? new TelegramBotApi({ token: TOKEN, apiUrl: api.url }) : undefined,
    logger: silent,
    pollInterval: 50,
  });
  stops.push(() => runner.stop());
}

async function linkedTrader(chatId: string | null): Promise<Trader> {
  const trader = await createTrader(database.db);
  await database.db.notificationSettings.update({
    where: { userId: trader.userId },
    data: { telegramChatId: chatId, telegramEnabled: chatId !== null },
  });
  return trader;
}

const row = (id: string) => database.db.alertDelivery.findUniqueOrThrow({ where: { id } });

describe('alert to Telegram', () => {
  it('sends one message per fire while Telegram answers 429/500 half the time', async () => {
    const api = await telegram({ fail: (n) => (n % 2 === 1 ? (n % 4 === 1 ? 429 : 500) : null) });
    const trader = await linkedTrader('4242');
    const ids: string[] = [];
    for (let i = 0; i < 6; i++)
      ids.push((await fire(database.db, trader, ['telegram'], 20)).deliveries.telegram as string);
    await deliveries(api);
    await until(
      async () =>
        (await database.db.alertDelivery.count({ where: { id: { in: ids }, status: 'sent' } })) ===
        ids.length,
      { hurry: database.db, timeoutMs: 25_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // nothing else goes out afterwards

    expect(api.sent).toHaveLength(6);
    expect(api.requests.filter((r) => r.method === 'sendMessage' && r.status !== 200).length).toBe(
      6,
    );
    expect(api.sent.every((m) => m.chatId === '4242')).toBe(true);
    expect(api.sent[0]?.text).toContain('BTCUSDT 1m: RSI oversold');
    expect(api.sent[0]?.text).toContain('BTCUSDT RSI 14 crossed below 30');
    expect(api.sent[0]?.text).toContain('RSI 14: 29.4');
    const refs = await Promise.all(ids.map(async (id) => (await row(id)).providerRef));
    expect(new Set(refs).size).toBe(6);
    expect(refs.every((r) => /^telegram:\d+$/.test(r ?? ''))).toBe(true);
    expect(await queuedJobs(database.db)).toBe(0);
  });

  it('waits as long as Telegram’s retry_after asks before trying again', async () => {
    const api = await telegram({ fail: (n) => (n === 1 ? 429 : null), retryAfter: 30 });
    const trader = await linkedTrader('4343');
    const id = (await fire(database.db, trader, ['telegram'])).deliveries.telegram as string;
    await deliveries(api);
    await until(async () => (await row(id)).attempts === 1);
    // The job's next run is at least 30 s away (graphile-worker's own backoff would be ~3 s).
    let wait = 0;
    await until(async () => {
      const [job] = await database.db.$queryRawUnsafe<{ wait: number; attempts: number }[]>(
        `SELECT extract(epoch FROM run_at - now())::float8 AS wait, attempts
         FROM graphile_worker._private_jobs`,
      );
      wait = job?.wait ?? 0;
      return job?.attempts === 1 && job.wait > 0;
    });
    expect(wait).toBeGreaterThan(28);
    expect(api.sent).toHaveLength(0);
  });

  it('gives up at once when the user blocked the bot (403)', async () => {
    const api = await telegram({ fail: () => 403 });
    const trader = await linkedTrader('5151');
    const id = (await fire(database.db, trader, ['telegram'])).deliveries.telegram as string;
    await deliveries(api);
    await until(async () => (await row(id)).status === 'failed', { hurry: database.db });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(api.requests.filter((r) => r.method === 'sendMessage')).toHaveLength(1);
    expect((await row(id)).lastError).toBe('Telegram 403: Forbidden: bot was blocked by the user');
  });

  it('sends nothing without a linked chat, or when no bot is configured', async () => {
    const api = await telegram();
    const unlinked = await linkedTrader(null);
    const a = (await fire(database.db, unlinked, ['telegram'])).deliveries.telegram as string;
    await deliveries(api);
    await until(async () => (await row(a)).status === 'failed');
    expect((await row(a)).lastError).toBe('no linked Telegram chat');
    expect(api.requests).toHaveLength(0);

    for (const stop of stops.splice(0).reverse()) await stop();
    const linked = await linkedTrader('6161');
    const b = (await fire(database.db, linked, ['telegram'])).deliveries.telegram as string;
    await deliveries(null);
    await until(async () => (await row(b)).status === 'failed');
    expect((await row(b)).lastError).toBe('Telegram is not configured on this server');
  });
});
