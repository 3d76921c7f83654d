// Integration: a user asks for a link code (the settings page's call), sends the bot
// `/start <code>` (the fake Bot API queues it), and the worker's long-polling TelegramLink links
// that chat to that user: once, only with an unexpired code, and a restarted poller handed the
// same unconfirmed update again neither relinks nor answers twice.
import { type TestDatabase, createTestDatabase } from '@coinview/db/testing';
import { issueTelegramLinkCode } from '@coinview/db/telegram-link';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from '../../test/fake-telegram';
import { TelegramBotApi } from '../adapters/telegram';
import { createTrader, until } from './alert-delivery/test-setup';
import { BAD_CODE_TEXT, LINKED_TEXT, TelegramLink } from './telegram-link';

const TOKEN = '111:link-test-token';
let database: TestDatabase;
let api: FakeTelegram;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});
afterAll(async () => {
  await database?.cleanup();
});

async function poller(logs?: string[]) {
  const link = new TelegramLink({
    db: database.db,
    api: new TelegramBotApi({ token: TOKEN, apiUrl: api.url }),
    logger: pino({ level: 'info' }, { write: (line: string) => logs?.push(line) }),
    pollSeconds: 1,
  });
  await link.start();
  stops.push(() => link.stop());
  return link;
}

const settings = (userId: string) =>
  database.db.notificationSettings.findUniqueOrThrow({ where: { userId } });

describe('Telegram chat linking', () => {
  it('links the chat that sends /start <code>, once, and never logs the code', async () => {
    api = await startFakeTelegram({ token: TOKEN });
    stops.push(() => api.close());
    const logs: string[] = [];
    const trader = await createTrader(database.db);
    const { code } = await issueTelegramLinkCode(database.db, trader.userId);
    await poller(logs);

    api.userSays('90001', 'hello'); // ignored: not a /start
    api.userSays('90001', `/start ${code}`);
    await until(async () => (await settings(trader.userId)).telegramChatId === '90001');
    const linked = await settings(trader.userId);
    expect(linked).toMatchObject({
      telegramEnabled: true,
      telegramLinkCodeHash: null,
      telegramLinkCodeExpiresAt: null,
    });
    expect(linked.telegramLinkedAt).not.toBeNull();
    await until(() => api.sent.length === 1);
    expect(api.sent[0]).toMatchObject({ chatId: '90001', text: LINKED_TEXT });

    // The code is used up: another chat sending it links nothing and is told so.
    api.userSays('90002', `/start ${code}`);
    await until(() => api.sent.length === 2);
    expect(api.sent[1]).toMatchObject({ chatId: '90002', text: BAD_CODE_TEXT });
    expect((await settings(trader.userId)).telegramChatId).toBe('90001');
    expect(logs.join('\n')).not.toContain(code);
  });

  it('refuses an expired code', async () => {
    api = await startFakeTelegram({ token: TOKEN });
    stops.push(() => api.close());
    const trader = await createTrader(database.db);
    const { code } = await issueTelegramLinkCode(
      database.db,
      trader.userId,
      new Date(Date.now() - 60 * 60 * 1000),
    );
    await poller();
    api.userSays('90003', `/start ${code}`);
    await until(() => api.sent.length === 1);
    expect(api.sent[0]).toMatchObject({ chatId: '90003', text: BAD_CODE_TEXT });
    expect((await settings(trader.userId)).telegramChatId).toBeNull();
  });

  it('a restarted poller handed the same unconfirmed update does not answer twice', async () => {
    api = await startFakeTelegram({ token: TOKEN });
    stops.push(() => api.close());
    const trader = await createTrader(database.db);
    const { code } = await issueTelegramLinkCode(database.db, trader.userId);
    const first = await poller();
    const updateId = api.userSays('90004', `/start ${code}`);
    await until(() => api.sent.length === 1);
    await first.stop();
    // As when the worker dies after linking but before its next getUpdates confirmed the update:
    // Telegram hands it to the next poller again.
    api.redeliver(updateId);
    const before = api.offsets.length;
    await poller();
    await until(() => api.offsets.slice(before).includes(updateId + 1));
    expect(api.sent).toHaveLength(1);
    expect((await settings(trader.userId)).telegramChatId).toBe('90004');
  });
});
