// A delivery as the deliver-alert job reads and settles it: the context of one attempt, and
// settling that only ever moves a pending delivery (a late attempt changes nothing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDelivery, markDeliverySent, recordDeliveryFailure } from './alert-deliveries';
import { recordFire } from './alert-fires';
import type { Db } from './client';
import { createTestDatabase, type TestDatabase } from './testing';

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => {
  await database?.cleanup();
});

async function firedDeliveries(): Promise<Record<'email' | 'inapp', string>> {
  const user = await db.user.create({
    data: { email: `t-${Math.random().toString(36).slice(2)}@example.com` },
  });
  const rule = await db.alertRule.create({
    data: {
      userId: user.id,
      name: 'RSI oversold',
      symbol: 'BTCUSDT',
      interval: '1m',
      definition: {},
      message: 'x',
    },
  });
  const { fireId } = await recordFire(db, {
    ruleId: rule.id,
    userId: user.id,
    barTime: new Date('2026-11-27T10:00:00Z'),
    trigger: 'bar-close',
    price: '91234.5',
    message: 'BTCUSDT RSI below 30',
    values: { 'RSI 14': 29.4, label: 'not a number' } as unknown as Record<string, number>,
    channels: ['email', 'inapp'],
    once: false,
  });
  const rows = await db.alertDelivery.findMany({ where: { fireId: fireId ?? '' } });
  return Object.fromEntries(rows.map((r) => [r.channel, r.id])) as Record<
    'email' | 'inapp',
    string
  >;
}

describe('alert deliveries', () => {
  it("loads an attempt's context: the fire, its rule, numeric values, the user's time zone", async () => {
    const { email } = await firedDeliveries();
    const ctx = await loadDelivery(db, email);
    expect(ctx).toMatchObject({
      delivery: { id: email, channel: 'email', status: 'pending' },
      fire: { message: 'BTCUSDT RSI below 30', values: { 'RSI 14': 29.4 } },
      rule: { name: 'RSI oversold', symbol: 'BTCUSDT', interval: '1m' },
      timeZone: 'UTC',
    });
    expect(ctx?.fire.values).not.toHaveProperty('label');
    expect(await loadDelivery(db, 'no-such-delivery')).toBeNull();
  });

  it('marks a delivery sent once: a late second attempt is told it was not the one', async () => {
    const { inapp } = await firedDeliveries();
    expect(await markDeliverySent(db, inapp, { attempts: 1, providerRef: 'n1' })).toBe(true);
    expect(await markDeliverySent(db, inapp, { attempts: 2, providerRef: 'n2' })).toBe(false);
    // A failure reported after the send changes nothing either.
    await recordDeliveryFailure(db, inapp, { attempts: 2, lastError: 'late', final: true });
    expect(await db.alertDelivery.findUniqueOrThrow({ where: { id: inapp } })).toMatchObject({
      status: 'sent',
      attempts: 1,
      providerRef: 'n1',
      lastError: null,
    });
  });

  it('records failures: pending while retried, failed on the final one', async () => {
    const { email } = await firedDeliveries();
    await recordDeliveryFailure(db, email, { attempts: 1, lastError: 'HTTP 503', final: false });
    expect(await db.alertDelivery.findUniqueOrThrow({ where: { id: email } })).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'HTTP 503',
    });
    await recordDeliveryFailure(db, email, {
      attempts: 2,
      lastError: 'x'.repeat(3000),
      final: true,
    });
    const failed = await db.alertDelivery.findUniqueOrThrow({ where: { id: email } });
    expect(failed).toMatchObject({ status: 'failed', attempts: 2 });
    expect(failed.lastError).toHaveLength(2000);
    expect(await markDeliverySent(db, email, { attempts: 3, providerRef: 'late' })).toBe(false);
  });
});
