// Which notice jobs a fill queues: one per channel its owner has on (decided in the fill's
// transaction, like a fire's channels), so most fills queue one job instead of four.
import { randomUUID } from 'node:crypto';
import { createManualOrder } from '@coinview/db/orders';
import { type TestDatabase, createTestDatabase } from '@coinview/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { orderNoticeChannels, recordOrderUpdate } from './order-notice-queue';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
beforeEach(async () => {
  await database.db.$executeRawUnsafe('DELETE FROM graphile_worker._private_jobs');
});
afterAll(async () => {
  await database?.cleanup();
});

const on = {
  email: 'a@x.test',
  emailVerifiedAt: new Date(),
  emailEnabled: true,
  inAppEnabled: true,
  webhookUrl: 'https://hooks.example.com/x',
  webhookEnabled: true,
  telegramChatId: '42',
  telegramEnabled: true,
};

describe('orderNoticeChannels', () => {
  it('is the channels the user has on; in-app only for a user who never saved settings', () => {
    expect(orderNoticeChannels(null)).toEqual(['inapp']);
    expect(orderNoticeChannels(on)).toEqual(['inapp', 'email', 'webhook', 'telegram']);
    expect(orderNoticeChannels({ ...on, emailVerifiedAt: null, telegramChatId: null })).toEqual([
      'inapp',
      'webhook',
    ]);
    expect(
      orderNoticeChannels({ ...on, inAppEnabled: false, webhookEnabled: false, email: null }),
    ).toEqual(['telegram']);
  });
});

describe('a fill queues its notices', () => {
  async function filledOrderOf(settings: typeof on | null): Promise<string[]> {
    const { db } = database;
    const user = await db.user.create({ data: { email: `q-${randomUUID()}@x.test` } });
    if (settings)
      await db.notificationSettings.create({
        data: { userId: user.id, webhookSecret: 'whsec_test', ...settings },
      });
    const { order } = await createManualOrder(db, user.id, {
      ticketId: randomUUID(),
      account: { kind: 'paper' },
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.001',
    });
    await recordOrderUpdate(db, order.id, {
      status: 'FILLED',
      fills: [
        {
          tradeId: '1',
          price: '97000',
          quantity: '0.001',
          commission: '0.000001',
          commissionAsset: 'BTC',
          time: Date.now(),
          isMaker: false,
        },
      ],
    });
    const jobs = await db.$queryRawUnsafe<{ channel: string }[]>(
      `SELECT payload->>'channel' AS channel FROM graphile_worker._private_jobs j
       JOIN graphile_worker._private_tasks t ON t.id = j.task_id
       WHERE t.identifier = 'notify-order' AND payload->>'orderId' = $1 ORDER BY 1`,
      order.id,
    );
    return jobs.map((j) => j.channel);
  }

  it('one job for a user with default settings, one per channel on otherwise', async () => {
    expect(await filledOrderOf(null)).toEqual(['inapp']);
    expect(await filledOrderOf(on)).toEqual(['email', 'inapp', 'telegram', 'webhook']);
    expect(await filledOrderOf({ ...on, inAppEnabled: false, emailEnabled: false })).toEqual([
      'telegram',
      'webhook',
    ]);
  });
});
