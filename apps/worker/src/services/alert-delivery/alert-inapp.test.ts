// Integration: in-app alerts: a Notification row and one message on the real PgBus, once per
// fire even when the job runs again.
import { PgBus } from '@coinview/db/bus';
import { type TestDatabase, createTestDatabase } from '@coinview/db/testing';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type NotificationMessage, ensureNotification } from './alert-inapp';
import { loadDelivery } from '@coinview/db/alert-deliveries';
import { startAlertDeliveries } from './start-alert-deliveries';
import { type Trader, createTrader, fire, queuedJobs, until } from './test-setup';

const silent = pino({ level: 'silent' });

let database: TestDatabase;
let bus: PgBus;
let listener: PgBus;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  bus = new PgBus(database.url);
  listener = new PgBus(database.url);
});
beforeEach(async () => {
  await database.db.$executeRawUnsafe('DELETE FROM graphile_worker._private_jobs');
});
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});
afterAll(async () => {
  await listener?.close();
  await bus?.close();
  await database?.cleanup();
});

async function deliveries() {
  const runner = await startAlertDeliveries({
    connectionString: database.url,
    db: database.db,
    bus,
    email: { transport: 'mailbox', from: 'Coinview <alerts@coinview.local>' },
    logger: silent,
    pollInterval: 50,
  });
  stops.push(() => runner.stop());
}

async function listen(trader: Trader): Promise<NotificationMessage[]> {
  const received: NotificationMessage[] = [];
  const unsubscribe = await listener.subscribe(`notifications:${trader.userId}`, (payload) =>
    received.push(payload as NotificationMessage),
  );
  stops.push(unsubscribe);
  return received;
}

const row = (id: string) => database.db.alertDelivery.findUniqueOrThrow({ where: { id } });

async function requeue(deliveryId: string) {
  await database.db.$executeRawUnsafe(
    `SELECT graphile_worker.add_job('deliver-alert', json_build_object('deliveryId', $1::text), job_key => $1::text)`,
    deliveryId,
  );
}

describe('in-app alert', () => {
  it('stores one notification and publishes it once, even when the job runs again', async () => {
    const trader = await createTrader(database.db);
    const received = await listen(trader);
    const { fireId, deliveries: d } = await fire(database.db, trader, ['inapp']);
    const id = d.inapp as string;
    await deliveries();
    await until(() => received.length > 0);

    const [notification, ...others] = await database.db.notification.findMany({
      where: { userId: trader.userId },
    });
    expect(others).toHaveLength(0);
    expect(notification).toMatchObject({
      fireId,
      title: 'BTCUSDT 1m: RSI oversold',
      body: 'BTCUSDT RSI 14 crossed below 30',
      readAt: null,
    });
    expect(received).toEqual([
      {
        id: notification?.id,
        title: 'BTCUSDT 1m: RSI oversold',
        body: 'BTCUSDT RSI 14 crossed below 30',
        createdAt: notification?.createdAt.getTime(),
        fireId,
      },
    ]);
    expect(await row(id)).toMatchObject({
      status: 'sent',
      attempts: 1,
      providerRef: notification?.id,
    });

    await requeue(id); // a replayed job
    await until(async () => (await queuedJobs(database.db)) === 0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await database.db.notification.count({ where: { userId: trader.userId } })).toBe(1);
    expect(received).toHaveLength(1);
  });

  it('finishes an attempt that died after storing the notification: still one row, one message', async () => {
    const trader = await createTrader(database.db);
    const received = await listen(trader);
    const { deliveries: d } = await fire(database.db, trader, ['inapp']);
    const id = d.inapp as string;
    // What a killed first attempt leaves behind: the row, but no bus message and no "sent".
    const ctx = await loadDelivery(database.db, id);
    const stored = await ensureNotification(database.db, ctx!);
    await deliveries();
    await until(async () => (await row(id)).status === 'sent');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await database.db.notification.count({ where: { userId: trader.userId } })).toBe(1);
    expect(received.map((m) => m.id)).toEqual([stored.id]);
  });

  it('drops the job of a delivery whose alert was deleted', async () => {
    const trader = await createTrader(database.db);
    const { deliveries: d } = await fire(database.db, trader, ['inapp']);
    await database.db.alertRule.delete({ where: { id: trader.ruleId } });
    await deliveries();
    await until(async () => (await queuedJobs(database.db)) === 0);
    expect(await database.db.alertDelivery.count({ where: { id: d.inapp } })).toBe(0);
    expect(await database.db.notification.count({ where: { userId: trader.userId } })).toBe(0);
  });
});
