import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordFire, type FireInput } from './alert-fires';
import { createDb, type Db } from './client';
import { createTestDatabase, type TestDatabase } from './testing';

let database: TestDatabase;
let db: Db;
let userId: string;
let ruleId: string;

interface JobRow {
  task_identifier: string;
  payload: { deliveryId: string };
  key: string | null;
  max_attempts: number;
}

async function jobs(): Promise<JobRow[]> {
  return db.$queryRawUnsafe<JobRow[]>(
    `SELECT t.identifier AS task_identifier, j.payload, j.key, j.max_attempts
     FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
     ORDER BY j.id`,
  );
}

function fire(overrides: Partial<FireInput> = {}): FireInput {
  return {
    ruleId,
    userId,
    barTime: new Date('2026-11-27T10:00:00Z'),
    trigger: 'bar-close',
    price: '91234.50000000',
    message: 'BTCUSDT RSI below 30',
    values: { 'RSI 14': 29.4, Value: 30 },
    channels: ['email', 'inapp', 'webhook'],
    once: false,
    ...overrides,
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});

afterAll(async () => {
  await database?.cleanup();
});

beforeEach(async () => {
  const user = await db.user.create({
    data: { email: `trader-${Math.random().toString(36).slice(2)}@example.com` },
  });
  userId = user.id;
  const rule = await db.alertRule.create({
    data: {
      userId,
      name: 'RSI oversold',
      symbol: 'BTCUSDT',
      interval: '1m',
      definition: {},
      message: '{{symbol}} RSI below 30',
    },
  });
  ruleId = rule.id;
  await db.$executeRawUnsafe('DELETE FROM graphile_worker._private_jobs');
});

describe('recordFire', () => {
  it('stores the fire, one delivery and one queued job per channel, and updates the rule', async () => {
    const before = await db.alertRule.findUniqueOrThrow({ where: { id: ruleId } });
    const result = await recordFire(db, fire({ maxAttempts: 3 }));
    expect(result.inserted).toBe(true);
    const stored = await db.alertFire.findUniqueOrThrow({
      where: { id: result.fireId ?? '' },
      include: { deliveries: true },
    });
    expect(stored).toMatchObject({
      ruleId,
      userId,
      trigger: 'bar-close',
      price: '91234.50000000',
      values: { 'RSI 14': 29.4, Value: 30 },
    });
    expect(stored.barTime.toISOString()).toBe('2026-11-27T10:00:00.000Z');
    expect(stored.deliveries.map((d) => d.channel).sort()).toEqual(['email', 'inapp', 'webhook']);
    expect(stored.deliveries.every((d) => d.status === 'pending' && d.attempts === 0)).toBe(true);

    const queued = await jobs();
    expect(queued.map((j) => j.payload.deliveryId).sort()).toEqual(
      stored.deliveries.map((d) => d.id).sort(),
    );
    for (const job of queued) {
      expect(job).toMatchObject({ task_identifier: 'deliver-alert', max_attempts: 3 });
      expect(job.key).toBe(job.payload.deliveryId);
    }

    const rule = await db.alertRule.findUniqueOrThrow({ where: { id: ruleId } });
    expect(rule).toMatchObject({ fireCount: 1, status: 'active', version: 1 });
    expect(rule.lastFiredAt?.getTime()).toBe(stored.firedAt.getTime());
    // updatedAt is when the user last changed the rule: a fire does not move it.
    expect(rule.updatedAt.getTime()).toBe(before.updatedAt.getTime());
  });

  it('changes nothing when the same rule and bar are recorded again', async () => {
    const first = await recordFire(db, fire());
    const again = await recordFire(db, fire({ price: '1.00000000', channels: ['email'] }));
    expect(again).toEqual({ inserted: false, fireId: null, orderId: null });
    expect(await db.alertFire.count({ where: { ruleId } })).toBe(1);
    expect(await db.alertDelivery.count({ where: { fireId: first.fireId ?? '' } })).toBe(3);
    expect(await jobs()).toHaveLength(3);
    const rule = await db.alertRule.findUniqueOrThrow({ where: { id: ruleId } });
    expect(rule.fireCount).toBe(1);

    // A different bar is a new fire.
    const next = await recordFire(db, fire({ barTime: new Date('2026-11-27T10:01:00Z') }));
    expect(next.inserted).toBe(true);
    expect(await jobs()).toHaveLength(6);
  });

  it('makes one fire and one set of jobs when several workers record it at once', async () => {
    const others = [createDb(database.url), createDb(database.url), createDb(database.url)];
    try {
      const results = await Promise.all(
        [db, ...others, db].map((client) => recordFire(client, fire())),
      );
      expect(results.filter((r) => r.inserted)).toHaveLength(1);
      expect(await db.alertFire.count({ where: { ruleId } })).toBe(1);
      expect(await db.alertDelivery.count({ where: { userId } })).toBe(3);
      expect(await jobs()).toHaveLength(3);
      expect((await db.alertRule.findUniqueOrThrow({ where: { id: ruleId } })).fireCount).toBe(1);
    } finally {
      await Promise.all(others.map((client) => client.$disconnect()));
    }
  });

  it('marks an only-once rule triggered and bumps its version', async () => {
    await recordFire(db, fire({ once: true, channels: ['inapp'] }));
    const rule = await db.alertRule.findUniqueOrThrow({ where: { id: ruleId } });
    expect(rule).toMatchObject({ status: 'triggered', version: 2, fireCount: 1 });
  });

  it('stores a fire without deliveries when no channel is on', async () => {
    const result = await recordFire(db, fire({ channels: [] }));
    expect(result.inserted).toBe(true);
    expect(await db.alertDelivery.count({ where: { userId } })).toBe(0);
    expect(await jobs()).toHaveLength(0);
  });

  it('leaves neither the fire nor its jobs when the transaction fails at the end', async () => {
    // A trigger that fails the last statement (the rule update), after the fire, the deliveries
    // and the jobs were written in the same transaction.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(`
        CREATE FUNCTION fail_rule_update() RETURNS trigger LANGUAGE plpgsql AS
          $$ BEGIN RAISE EXCEPTION 'rule update refused'; END $$;
        CREATE TRIGGER fail_rule_update BEFORE UPDATE ON "AlertRule"
          FOR EACH ROW EXECUTE FUNCTION fail_rule_update();`);
      await expect(recordFire(db, fire())).rejects.toThrow(/rule update refused/);
      expect(await db.alertFire.count({ where: { ruleId } })).toBe(0);
      expect(await db.alertDelivery.count({ where: { userId } })).toBe(0);
      expect(await jobs()).toHaveLength(0);
    } finally {
      await client.query(
        'DROP TRIGGER IF EXISTS fail_rule_update ON "AlertRule"; DROP FUNCTION IF EXISTS fail_rule_update()',
      );
      await client.end();
    }
    // And the same fire records normally afterwards.
    expect((await recordFire(db, fire())).inserted).toBe(true);
  });
});
