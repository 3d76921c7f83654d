// Shared by the alert-delivery integration tests: a user with notification settings and a rule in
// a real test database, fires recorded through the real recordFire, and a way to make graphile-
// worker's retries due now instead of after exp(attempts) seconds.
import { type DeliveryChannel, recordFire } from '@coinview/db/alert-fires';
import type { Db } from '@coinview/db/client';

export interface Trader {
  userId: string;
  ruleId: string;
  secret: string;
}

export async function createTrader(
  db: Db,
  settings: { webhookUrl?: string; email?: string | null } = {},
): Promise<Trader> {
  const suffix = Math.random().toString(36).slice(2, 10);
  const secret = `whsec_${suffix}`;
  const user = await db.user.create({ data: { email: `trader-${suffix}@example.test` } });
  const email = settings.email === undefined ? `alerts-${suffix}@example.test` : settings.email;
  await db.notificationSettings.create({
    data: {
      userId: user.id,
      email,
      emailVerifiedAt: email ? new Date() : null,
      webhookUrl: settings.webhookUrl ?? null,
      webhookEnabled: Boolean(settings.webhookUrl),
      webhookSecret: secret,
    },
  });
  const rule = await db.alertRule.create({
    data: {
      userId: user.id,
      name: 'RSI oversold',
      symbol: 'BTCUSDT',
      interval: '1m',
      definition: {},
      message: '{{symbol}} RSI 14 crossed below 30',
    },
  });
  return { userId: user.id, ruleId: rule.id, secret };
}

let bar = Date.UTC(2026, 10, 27, 10, 0);

/** Records a fire on a new bar; returns its deliveries by channel. */
export async function fire(
  db: Db,
  trader: Trader,
  channels: DeliveryChannel[],
  maxAttempts = 10,
): Promise<{ fireId: string; deliveries: Record<string, string> }> {
  bar += 60_000;
  const { fireId } = await recordFire(db, {
    ruleId: trader.ruleId,
    userId: trader.userId,
    barTime: new Date(bar),
    trigger: 'bar-close',
    price: '91234.50000000',
    message: 'BTCUSDT RSI 14 crossed below 30',
    values: { 'RSI 14': 29.4, Value: 30 },
    channels,
    once: false,
    maxAttempts,
  });
  if (!fireId) throw new Error('fire not recorded');
  const rows = await db.alertDelivery.findMany({ where: { fireId } });
  return { fireId, deliveries: Object.fromEntries(rows.map((r) => [r.channel, r.id])) };
}

/** Makes every failed job that waits for its backoff due now (time passing, without waiting). */
export async function hurryRetries(db: Db): Promise<number> {
  return db.$executeRawUnsafe(
    `UPDATE graphile_worker._private_jobs SET run_at = now()
     WHERE attempts > 0 AND locked_at IS NULL AND run_at > now()`,
  );
}

export async function until(
  check: () => Promise<boolean> | boolean,
  options: { timeoutMs?: number; hurry?: Db } = {},
): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > (options.timeoutMs ?? 15_000)) throw new Error('timed out');
    if (options.hurry) await hurryRetries(options.hurry);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function queuedJobs(db: Db): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ n: number }[]>(
    'SELECT count(*)::int AS n FROM graphile_worker._private_jobs',
  );
  return row?.n ?? 0;
}
