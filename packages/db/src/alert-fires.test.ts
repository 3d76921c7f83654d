import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FireInput, type RecordFireResult, recordFire, recordFires } from './alert-fires';
import { createDb, type Db } from './client';
import { createExchangeKey, deleteExchangeKey } from './exchange-keys';
import { createSecretBox, generateSecretBoxKey } from './secret-box';
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

describe('recordFires', () => {
  const BAR = new Date('2026-11-27T10:00:00Z');
  const NEXT_BAR = new Date('2026-11-27T10:01:00Z');
  const box = createSecretBox(generateSecretBoxKey());
  const paperBuy = {
    side: 'BUY',
    type: 'MARKET',
    amount: { kind: 'quote', value: '100' },
    account: { kind: 'paper' },
  };
  const LABELS = [
    'plain',
    'recorded',
    'once',
    'pausedOnce',
    'paper',
    'liveKey',
    'goneKey',
  ] as const;
  type Label = (typeof LABELS)[number];

  interface Scenario {
    userId: string;
    rules: Record<Label, string>;
    keys: { live: string; gone: string };
    updatedAt: Map<string, number>;
    fires: FireInput[];
  }

  /**
   * A trader with one rule per case; the fires of one bar close (plus a few of the next bar) that
   * mix every case a batch meets. The `recorded` rule's fire is stored before the batch.
   */
  async function scenario(): Promise<Scenario> {
    const user = await db.user.create({
      data: { email: `batch-${Math.random().toString(36).slice(2)}@example.com` },
    });
    const key = (label: string) =>
      createExchangeKey(db, box, user.id, {
        label,
        environment: 'sim',
        apiKey: `${label}-api-key-0001`,
        secret: 'secret',
        canTrade: true,
        permissions: ['SPOT'],
      });
    const live = (await key('live')).id;
    const gone = (await key('gone')).id;
    await deleteExchangeKey(db, user.id, gone);
    const actions: Partial<Record<Label, object>> = {
      paper: paperBuy,
      liveKey: { ...paperBuy, side: 'SELL', account: { kind: 'binance', keyId: live } },
      goneKey: { ...paperBuy, account: { kind: 'binance', keyId: gone } },
    };
    const rules = {} as Record<Label, string>;
    const updatedAt = new Map<string, number>();
    for (const label of LABELS) {
      const row = await db.alertRule.create({
        data: {
          userId: user.id,
          name: `Rule ${label}`,
          symbol: 'BTCUSDT',
          interval: '1m',
          definition: {},
          message: label,
          ...(label === 'pausedOnce' ? { status: 'paused' as const } : {}),
          ...(actions[label] ? { orderAction: actions[label] } : {}),
        },
      });
      rules[label] = row.id;
      updatedAt.set(row.id, row.updatedAt.getTime());
    }
    const f = (label: Label, overrides: Partial<FireInput> = {}): FireInput =>
      fire({
        ruleId: rules[label],
        userId: user.id,
        message: `${label} fired`,
        channels: ['inapp'],
        ...overrides,
      });
    await recordFire(db, f('recorded', { price: '1.00000000' }));
    return {
      userId: user.id,
      rules,
      keys: { live, gone },
      updatedAt,
      fires: [
        f('plain', { channels: ['email', 'inapp', 'webhook', 'inapp'], maxAttempts: 3 }),
        f('recorded'), // already stored: skipped
        f('once', { once: true }),
        f('paper'),
        f('plain', { price: '2.00000000', channels: ['email'] }), // same rule and bar: skipped
        f('pausedOnce', { once: true }),
        f('goneKey'),
        f('liveKey'),
        f('paper', { barTime: NEXT_BAR }), // the same rule on another bar: a second fire
        f('once', { barTime: NEXT_BAR, once: true }),
      ],
    };
  }

  interface AnyJob {
    task_identifier: string;
    payload: { deliveryId?: string; orderId?: string; orderIds?: string[] };
    key: string | null;
    max_attempts: number;
  }

  /** Jobs that place an order, whichever task order-queue uses for fire orders. */
  function placeJobsOf(all: AnyJob[], orderId: string): number {
    return all.filter(
      (j) =>
        j.task_identifier.startsWith('place-order') &&
        (j.payload.orderId === orderId || j.payload.orderIds?.includes(orderId)),
    ).length;
  }

  /** Everything a batch left, with ids replaced by what they stand for, so two runs compare. */
  async function snapshot(s: Scenario, results: RecordFireResult[]) {
    const all = (await jobs()) as unknown as AnyJob[];
    const label = new Map(Object.entries(s.rules).map(([l, id]) => [id, l]));
    const anonymous = (text: string) =>
      text.replaceAll(s.keys.live, '<live key>').replaceAll(s.keys.gone, '<gone key>');
    const stored = await db.alertFire.findMany({
      where: { userId: s.userId },
      include: { deliveries: true, order: true },
    });
    const fireName = (id: string | null) => {
      const row = stored.find((f) => f.id === id);
      return row ? `${label.get(row.ruleId)}@${row.barTime.toISOString()}` : id;
    };
    const rules = await db.alertRule.findMany({ where: { userId: s.userId } });
    return {
      results: results.map((r) => ({
        inserted: r.inserted,
        fire: fireName(r.fireId),
        order:
          r.orderId && fireName(stored.find((f) => f.order?.id === r.orderId)?.id ?? r.orderId),
      })),
      fires: stored
        .map((f) => ({
          name: fireName(f.id),
          trigger: f.trigger,
          price: f.price,
          message: f.message,
          values: f.values,
          deliveries: f.deliveries
            .map((d) => ({
              channel: d.channel,
              status: d.status,
              jobs: all
                .filter((j) => j.payload.deliveryId === d.id)
                .map((j) => ({
                  task: j.task_identifier,
                  keyIsDelivery: j.key === d.id,
                  maxAttempts: j.max_attempts,
                })),
            }))
            .sort((a, b) => a.channel.localeCompare(b.channel)),
          order: f.order && {
            status: f.order.status,
            rejectReason: f.order.rejectReason,
            accountKind: f.order.accountKind,
            accountKey: anonymous(f.order.accountKey),
            exchangeKeyId: f.order.exchangeKeyId && anonymous(f.order.exchangeKeyId),
            source: f.order.source,
            rule: label.get(f.order.ruleId ?? ''),
            ruleName: f.order.ruleName,
            clientOrderIdIsFire: f.order.clientOrderId === `cvf-${f.id}`,
            symbol: f.order.symbol,
            side: f.order.side,
            type: f.order.type,
            action: anonymous(JSON.stringify(f.order.action)),
            referencePrice: f.order.referencePrice?.toString(),
            placeJobs: placeJobsOf(all, f.order.id),
          },
        }))
        .sort((a, b) => String(a.name).localeCompare(String(b.name))),
      rules: rules
        .map((r) => ({
          label: label.get(r.id),
          fireCount: r.fireCount,
          status: r.status,
          version: r.version,
          lastFiredAtIsNewestFire:
            r.lastFiredAt?.getTime() ===
            Math.max(...stored.filter((f) => f.ruleId === r.id).map((f) => f.firedAt.getTime())),
          updatedAtMoved: r.updatedAt.getTime() !== s.updatedAt.get(r.id),
        }))
        .sort((a, b) => String(a.label).localeCompare(String(b.label))),
    };
  }

  it('gives a mixed batch exactly what recording its fires one by one gives', async () => {
    const single = await scenario();
    const one: RecordFireResult[] = [];
    for (const f of single.fires) one.push(await recordFire(db, f));
    const batch = await scenario();
    const many = await recordFires(db, batch.fires);

    const got = await snapshot(batch, many);
    expect(got).toEqual(await snapshot(single, one));

    // What that is, spelled out.
    const bar = (label: string, at = BAR) => `${label}@${at.toISOString()}`;
    expect(got.results).toEqual([
      { inserted: true, fire: bar('plain'), order: null },
      { inserted: false, fire: null, order: null },
      { inserted: true, fire: bar('once'), order: null },
      { inserted: true, fire: bar('paper'), order: bar('paper') },
      { inserted: false, fire: null, order: null },
      { inserted: true, fire: bar('pausedOnce'), order: null },
      { inserted: true, fire: bar('goneKey'), order: bar('goneKey') },
      { inserted: true, fire: bar('liveKey'), order: bar('liveKey') },
      { inserted: true, fire: bar('paper', NEXT_BAR), order: bar('paper', NEXT_BAR) },
      { inserted: true, fire: bar('once', NEXT_BAR), order: null },
    ]);
    const stored = new Map(got.fires.map((f) => [f.name, f]));
    // The first of a pair wins, with its own channels (deduplicated) and attempts.
    expect(stored.get(bar('plain'))).toMatchObject({
      price: '91234.50000000',
      deliveries: ['email', 'inapp', 'webhook'].map((channel) => ({
        channel,
        status: 'pending',
        jobs: [{ task: 'deliver-alert', keyIsDelivery: true, maxAttempts: 3 }],
      })),
    });
    expect(stored.get(bar('recorded'))?.price).toBe('1.00000000');
    expect(stored.get(bar('once'))?.deliveries).toEqual([
      {
        channel: 'inapp',
        status: 'pending',
        jobs: [{ task: 'deliver-alert', keyIsDelivery: true, maxAttempts: 8 }],
      },
    ]);
    expect(stored.get(bar('paper'))?.order).toMatchObject({
      status: 'PENDING',
      accountKind: 'paper',
      accountKey: 'paper',
      exchangeKeyId: null,
      ruleName: 'Rule paper',
      clientOrderIdIsFire: true,
      side: 'BUY',
      referencePrice: '91234.5',
      placeJobs: 1,
    });
    expect(stored.get(bar('paper', NEXT_BAR))?.order).toMatchObject({
      status: 'PENDING',
      placeJobs: 1,
    });
    expect(stored.get(bar('liveKey'))?.order).toMatchObject({
      status: 'PENDING',
      accountKind: 'binance',
      accountKey: '<live key>',
      exchangeKeyId: '<live key>',
      side: 'SELL',
      placeJobs: 1,
    });
    expect(stored.get(bar('goneKey'))?.order).toMatchObject({
      status: 'REJECTED',
      rejectReason: expect.stringMatching(/exchange key .* was deleted/),
      accountKey: '<gone key>',
      exchangeKeyId: null,
      placeJobs: 0,
    });
    const rule = new Map(got.rules.map((r) => [r.label, r]));
    expect(
      Object.fromEntries(got.rules.map((r) => [r.label, [r.fireCount, r.status, r.version]])),
    ).toEqual({
      plain: [1, 'active', 1],
      recorded: [1, 'active', 1],
      once: [2, 'triggered', 2],
      pausedOnce: [1, 'paused', 1],
      paper: [2, 'active', 1],
      liveKey: [1, 'active', 1],
      goneKey: [1, 'active', 1],
    });
    for (const r of rule.values())
      expect(r).toMatchObject({ lastFiredAtIsNewestFire: true, updatedAtMoved: false });
  });

  it('records 1,000 users’ fires, orders and jobs in one call and one transaction', async () => {
    const users = await db.user.createManyAndReturn({
      data: Array.from({ length: 1000 }, (_, i) => ({
        email: `many-${i}-${Math.random().toString(36).slice(2)}@example.com`,
      })),
      select: { id: true },
    });
    const userIds = users.map((u) => u.id);
    const rules = await db.alertRule.createManyAndReturn({
      data: userIds.map((id) => ({
        userId: id,
        name: 'Buy the dip',
        symbol: 'BTCUSDT',
        interval: '1m',
        definition: {},
        message: 'dip',
        orderAction: paperBuy,
      })),
      select: { id: true, userId: true },
    });
    const results = await recordFires(
      db,
      rules.map((r) => fire({ ruleId: r.id, userId: r.userId, channels: ['inapp'] })),
    );

    expect(results.every((r) => r.inserted && r.fireId && r.orderId)).toBe(true);
    const fires = await db.alertFire.findMany({
      where: { userId: { in: userIds } },
      select: { id: true, ruleId: true, firedAt: true },
    });
    expect(fires).toHaveLength(1000);
    // Results in input order: the n-th result is the n-th rule's fire.
    const ruleOfFire = new Map(fires.map((f) => [f.id, f.ruleId]));
    expect(results.map((r) => ruleOfFire.get(r.fireId ?? ''))).toEqual(rules.map((r) => r.id));
    // One transaction: every row carries the id of the transaction that inserted it (xmin).
    const [writers] = await db.$queryRaw<{ fires: number; orders: number; all: number }[]>`
      SELECT (SELECT count(DISTINCT xmin::text) FROM "AlertFire" WHERE "userId" = ANY(${userIds}::text[]))::int AS fires,
             (SELECT count(DISTINCT xmin::text) FROM "Order" WHERE "userId" = ANY(${userIds}::text[]))::int AS orders,
             (SELECT count(DISTINCT x) FROM (
                SELECT xmin::text AS x FROM "AlertFire" WHERE "userId" = ANY(${userIds}::text[])
                UNION SELECT xmin::text FROM "Order" WHERE "userId" = ANY(${userIds}::text[])
                UNION SELECT xmin::text FROM "AlertDelivery" WHERE "userId" = ANY(${userIds}::text[])) t)::int AS all`;
    expect(writers).toEqual({ fires: 1, orders: 1, all: 1 });
    const orders = await db.order.findMany({
      where: { userId: { in: userIds } },
      select: { id: true, status: true },
    });
    expect(orders).toHaveLength(1000);
    expect(orders.every((o) => o.status === 'PENDING')).toBe(true);
    const all = (await jobs()) as unknown as AnyJob[];
    expect(all.filter((j) => j.task_identifier === 'deliver-alert')).toHaveLength(1000);
    expect(orders.filter((o) => placeJobsOf(all, o.id) === 1)).toHaveLength(1000);
    expect(await db.alertRule.count({ where: { userId: { in: userIds }, fireCount: 1 } })).toBe(
      1000,
    );
  });

  it('records nothing at all when one fire of the batch fails', async () => {
    const users = await db.user.createManyAndReturn({
      data: Array.from({ length: 600 }, (_, i) => ({
        email: `fail-${i}-${Math.random().toString(36).slice(2)}@example.com`,
      })),
      select: { id: true },
    });
    const userIds = users.map((u) => u.id);
    const rules = await db.alertRule.createManyAndReturn({
      data: userIds.map((id) => ({
        userId: id,
        name: 'Buy the dip',
        symbol: 'BTCUSDT',
        interval: '1m',
        definition: {},
        message: 'dip',
        orderAction: paperBuy,
      })),
      select: { id: true, userId: true },
    });
    const fires = rules.map((r) => fire({ ruleId: r.id, userId: r.userId, channels: ['inapp'] }));
    // In the second chunk, after the first one was fully written: a rule that does not exist.
    const bad = fire({ ruleId: 'no-such-rule', userId: userIds[0]!, channels: ['inapp'] });
    await expect(
      recordFires(db, [...fires.slice(0, 550), bad, ...fires.slice(550)]),
    ).rejects.toThrow(/foreign key/i);

    expect(await db.alertFire.count({ where: { userId: { in: userIds } } })).toBe(0);
    expect(await db.alertDelivery.count({ where: { userId: { in: userIds } } })).toBe(0);
    expect(await db.order.count({ where: { userId: { in: userIds } } })).toBe(0);
    expect(await jobs()).toHaveLength(0);
    expect(await db.alertRule.count({ where: { userId: { in: userIds }, fireCount: 0 } })).toBe(
      600,
    );
    // Without it, the same batch records in full.
    expect((await recordFires(db, fires)).filter((r) => r.inserted)).toHaveLength(600);
  });

  it('records nothing and makes no transaction for an empty batch', async () => {
    expect(await recordFires(db, [])).toEqual([]);
  });
});
