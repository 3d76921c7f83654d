// Orders from alerts, many users at once: 1,000 users, each with an alert rule whose order action
// is a market buy on the user's own Binance key (pointing at exchange-sim), all firing on ONE bar
// close, through the product's path:
//
//   the rule engine's MarketBook (the bar's close evaluated by core's MarketRules) → PgFireSink →
//   recordFires: the bar's AlertFire rows + PENDING Orders + one place-orders job in one
//   transaction → the worker's order executor (graphile-worker, the product's concurrency; the
//   batch sends 32 at a time) → Brokers (keys read and decrypted at once, one BinanceBroker per
//   key) → signed POST /api/v3/order → exchange-sim in its own process on loopback → accepted;
//   then, as in the product, each change published on the bus and each fill's notices run.
//
// One sim account per user (SIM_ACCOUNTS with 1,000 keys): that is what 1,000 users trading with
// their own keys look like (Binance counts ORDERS per account; the executor keeps one broker, with
// its server-time offset and weight budget, per key). The sim's IP weight limit is raised for the
// run: every round here sends 2,000 orders within seconds from one IP, which on Binance would be
// spread over minutes of bar closes.
//
// Measured per round (wall clock, one machine, so Postgres's now() and the worker's Date.now()
// agree):
// - bar close → all acknowledged: from the moment the bar's fires start being recorded until the
//   last order's acknowledgement is back in the worker;
// - fire → acknowledgement, per order: from its AlertFire.firedAt (Postgres's now() in the fire's
//   transaction) to the broker's answer arriving in the worker (BinanceBroker.place resolved
//   `accepted`; the sim's own `transactTime` runs on replay time, so the answer is timed here);
// - where the time goes, per order (medians/p99): fire → job picked up (the executor asked for the
//   order's broker), pickup → request sent (sizing, limits, recording the attempt), request →
//   answer (signing, HTTP, the sim).
// Interleaved with every round, the ceiling: the sim's own order-handling rate, the same number of
// signed market orders (newOrderRespType ACK) from a tight client over the same loopback at the
// executor's concurrency, spread over the same 1,000 accounts (`measureOrderRate`).
//
//   npx pnpm --filter @coinview/bench exec tsx orders.ts [--users 1000] [--rounds 5] [--concurrency 16]
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Broker } from '@coinview/core/trading/broker';
import type { Candle } from '@coinview/core/candle';
import { alertRuleSchema } from '@coinview/core/rules/rule';
import { PgBus } from '@coinview/db/bus';
import { orderTopic } from '@coinview/db/bus-topics';
import { createDb } from '@coinview/db/client';
import { allowTraversal, startEmbeddedPostgres } from '@coinview/db/embedded';
import { createExchangeKey } from '@coinview/db/exchange-keys';
import { migrate } from '@coinview/db/migrate';
import { createSecretBox, generateSecretBoxKey } from '@coinview/db/secret-box';
import { BinanceRestClient } from '@coinview/exchange/rest';
import { measureOrderRate, syntheticAccounts } from '@coinview/exchange-sim/order-rate';
import { PgFireSink } from '@coinview/worker/fire-sink';
import { MarketBook } from '@coinview/worker/market-book';
import { Brokers } from '@coinview/worker/order-brokers';
import { startOrderExecutor } from '@coinview/worker/order-executor';
import { SymbolRulesCache } from '@coinview/worker/symbol-rules-cache';
import { pino } from 'pino';

const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '5' },
    // The worker's ORDER_EXECUTOR_CONCURRENCY default.
    concurrency: { type: 'string', default: '16' },
  },
});
const USERS = Number(args.users);
const ROUNDS = Number(args.rounds);
const CONCURRENCY = Number(args.concurrency);
const QUANTITY = '0.0001'; // BTC per order: above the sim's 5 USDT minimum notional
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const silent = pino({ level: 'silent' });

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function startSimProcess(port: number, accountsFile: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: path.join(REPO, 'apps', 'exchange-sim'),
    env: {
      PATH: process.env.PATH,
      SIM_PORT: String(port),
      SIM_SYMBOLS: 'BTCUSDT',
      SIM_ACCOUNTS: accountsFile,
      SIM_WEIGHT_LIMIT: '10000000',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/v3/ping`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the sim did not start');
}

// CPU seconds used so far by a process tree (/proc: utime + stime of the process and of its
// children, live and exited), so a round's cost can be told apart from the machine's load.
const TICK = 100; // USER_HZ on Linux
function procStat(pid: number): string[] | null {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return raw.slice(raw.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}
function treeCpuSeconds(root: number): number {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!pid) continue;
    const st = procStat(pid);
    if (!st) continue;
    const ppid = Number(st[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  let ticks = 0;
  const walk = (pid: number, self: boolean) => {
    const st = procStat(pid);
    // fields 14..17 (1-based) = utime stime cutime cstime; after "pid (comm) " they start at 11
    if (st) ticks += Number(st[11]) + Number(st[12]) + (self ? Number(st[13]) + Number(st[14]) : 0);
    for (const c of children.get(pid) ?? []) walk(c, self);
  };
  walk(root, true);
  return ticks / TICK;
}
function postmasterPid(dataDir: string): number {
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!pid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const [argv0] = cmd.split('\0');
      if (argv0?.endsWith('/postgres') && cmd.includes(dataDir)) return pid;
    } catch {
      // gone meanwhile
    }
  }
  throw new Error('postmaster not found');
}
interface Cpu {
  worker: number;
  sim: number;
  pg: number;
}
let pgPid = 0;
let simPid = 0;
const cpuNow = (): Cpu => {
  const u = process.cpuUsage();
  return {
    worker: (u.user + u.system) / 1e6,
    sim: treeCpuSeconds(simPid),
    pg: treeCpuSeconds(pgPid),
  };
};
const cpuSince = (a: Cpu): Cpu => {
  const b = cpuNow();
  return { worker: b.worker - a.worker, sim: b.sim - a.sim, pg: b.pg - a.pg };
};

// Nearest rank: the ⌈p·n⌉-th smallest value.
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(p * s.length) - 1)] ?? NaN;
};
const cpuCell = (c: Cpu) => `${c.worker.toFixed(2)} / ${c.sim.toFixed(2)} / ${c.pg.toFixed(2)}`;
const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;

/** What the worker saw of one order, wall-clock epoch ms. */
interface Trace {
  pickup: number;
  sent?: number;
  acked?: number;
}

const dir = await mkdtemp(path.join(tmpdir(), 'coinview-bench-orders-'));
await allowTraversal(dir);
const accounts = syntheticAccounts(USERS);
const accountsFile = path.join(dir, 'sim-accounts.json');
await writeFile(accountsFile, JSON.stringify(accounts));
console.log(
  `orders bench: ${USERS} users × 1 alert rule with a market-buy order action on their own sim key, ${ROUNDS} rounds (+1 warm-up), executor concurrency ${CONCURRENCY}; load avg at start ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

const pg = await startEmbeddedPostgres({
  dataDir: path.join(dir, 'pg'),
  port: await freePort(),
  database: 'bench',
});
const simPort = await freePort();
const sim = await startSimProcess(simPort, accountsFile);
process.on('exit', () => sim.kill('SIGKILL')); // never leave the sim behind, whatever ends the run
const restUrl = `http://127.0.0.1:${simPort}`;

const db = createDb(pg.url);
const bus = new PgBus(pg.url);
let executor: Awaited<ReturnType<typeof startOrderExecutor>> | undefined;
try {
  simPid = sim.pid!;
  pgPid = postmasterPid(path.join(dir, 'pg'));
  await migrate(pg.url);
  const box = createSecretBox(generateSecretBoxKey());

  // ---- 1,000 users, each with their sim key (sealed as the web saves it) and one rule ----
  const definition = alertRuleSchema.parse({
    symbol: 'BTCUSDT',
    interval: '1m',
    condition: {
      op: 'greater-than',
      left: { kind: 'price', field: 'close' },
      right: { kind: 'value', value: 1 },
    },
    trigger: 'bar-close',
    frequency: 'once-per-bar-close',
  }); // true on every close: every rule fires on every bar
  const t0 = performance.now();
  const rules: Parameters<PgFireSink['record']>[0][] = [];
  for (const [i, account] of accounts.entries()) {
    const user = await db.user.create({ data: { email: `bench-${i}@example.test` } });
    const key = await createExchangeKey(db, box, user.id, {
      label: 'sim',
      environment: 'sim',
      apiKey: account.apiKey,
      secret: account.secret,
      canTrade: true,
      permissions: ['SPOT'],
      verifiedAt: new Date(),
    });
    const row = await db.alertRule.create({
      data: {
        userId: user.id,
        name: 'buy the close',
        symbol: 'BTCUSDT',
        interval: '1m',
        definition,
        message: 'close',
        notifyInApp: false,
        notifyEmail: false,
        orderAction: {
          side: 'BUY',
          type: 'MARKET',
          amount: { kind: 'base', value: QUANTITY },
          account: { kind: 'binance', keyId: key.id },
        },
      },
    });
    rules.push({
      id: row.id,
      userId: user.id,
      name: row.name,
      status: 'active',
      message: row.message,
      notifyEmail: false,
      notifyInApp: false,
      notifyWebhook: false,
      notifyTelegram: false,
      version: row.version,
      updatedAt: row.updatedAt.getTime(),
      rule: definition,
      effectiveFrom: 0,
    });
  }
  console.log(`setup: ${USERS} users, keys and rules in ${ms(performance.now() - t0)}`);

  // ---- the worker's order executor, wired as main.ts does, its brokers timed ----
  const traces = new Map<string, Trace>(); // by client order id
  let accepted = 0;
  let refused = 0;
  const brokers = new Brokers({
    db,
    secretBox: box,
    simRestUrl: restUrl,
    paper: () => {
      throw new Error('no paper account in this bench');
    },
  });
  const timed = new WeakMap<Broker, Broker>();
  const rest = new BinanceRestClient({ baseUrl: restUrl });
  const pickups = new Map<string, number>(); // by user: forAccount is asked once per job
  /** The broker, its answers timed (one wrapper per broker). */
  const timedBroker = (userId: string, broker: Broker): Broker => {
    let wrapped = timed.get(broker);
    if (!wrapped) {
      wrapped = Object.create(broker) as Broker;
      wrapped.place = async (request) => {
        const trace: Trace = { pickup: pickups.get(userId) ?? NaN, sent: Date.now() };
        const result = await broker.place(request);
        if (result.outcome === 'accepted') {
          trace.acked = Date.now();
          accepted++;
        } else refused++;
        traces.set(request.clientOrderId, trace);
        return result;
      };
      timed.set(broker, wrapped);
    }
    return wrapped;
  };
  executor = await startOrderExecutor({
    connectionString: pg.url,
    db,
    brokers: {
      async forAccount(userId, account) {
        pickups.set(userId, Date.now());
        return timedBroker(userId, await brokers.forAccount(userId, account));
      },
      // The batch of a bar's fires asks for all its brokers at once (the keys in one query).
      async forAccounts(refs) {
        const at = Date.now();
        for (const { userId } of refs) pickups.set(userId, at);
        const found = await brokers.forAccounts(refs);
        for (const [ref, broker] of found)
          if (!(broker instanceof Error)) found.set(ref, timedBroker(ref.split(':')[0]!, broker));
        return found;
      },
    },
    rules: new SymbolRulesCache(rest),
    lastPrice: async (symbol) => (await rest.ticker24h(symbol)).lastPrice,
    // As main.ts wires it: every change is published on the bus, and the fills' notices (in-app,
    // email, webhook, Telegram: one job per channel) run in the same executor.
    onChange: async (order) => {
      await bus.publish(orderTopic(order.userId), { orderId: order.id, status: order.status });
    },
    notices: {
      bus,
      email: { transport: 'mailbox', from: 'Coinview <alerts@coinview.local>' },
      webhookPolicy: { allowLoopback: false },
    },
    logger: silent,
    concurrency: CONCURRENCY,
    releaseLocksAtStart: true,
  });

  // The rule engine's book of the market, with every rule, fed one closed bar per round.
  const MIN = 60_000;
  let bar = Math.floor(Date.now() / MIN) * MIN - 30 * MIN;
  const stored: Candle[] = [];
  const stats = { closes: 0, ticks: 0, fires: 0, duplicates: 0, lost: 0 };
  const book = new MarketBook('BTCUSDT', '1m', {
    history: {
      recent: async (_s, _i, limit, before) =>
        stored.filter((c) => before === undefined || c.openTime < before).slice(-limit),
      lastOpenTime: async () => stored.at(-1)?.openTime,
    },
    sink: new PgFireSink(db),
    now: Date.now,
    logger: silent,
    catchUpWindowMs: 2 * 3_600_000,
    maxCatchUpBars: 1_000,
    recordRetryMs: [250, 1_000, 4_000, 15_000],
    onRetired: () => {},
    stats,
  });
  for (const rule of rules) book.put({ ...rule, effectiveFrom: bar });
  await book.settled();

  interface ProductRound {
    allMs: number;
    firesMs: number;
    latencies: number[];
    pickup: number[];
    prepare: number[];
    request: number[];
    cpu: Cpu;
    /** After the last ack: until the queue is empty (the fills' notices, their bus messages). */
    drainMs: number;
    drainCpu: Cpu;
  }
  /**
   * Waits until the order queue has no job left: each fill's notices (one job per channel) run
   * after the acks, and the next bar must not start on the previous bar's backlog (with 1-minute
   * bars, a bar's aftermath has a minute; these rounds are seconds apart).
   */
  async function drain(): Promise<{ ms: number; cpu: Cpu }> {
    const cpu0 = cpuNow();
    const start = Date.now();
    for (;;) {
      const [row] = await db.$queryRawUnsafe<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM graphile_worker._private_jobs',
      );
      if (row?.n === 0) return { ms: Date.now() - start, cpu: cpuSince(cpu0) };
      if (Date.now() - start > 600_000) throw new Error(`${row?.n} jobs still queued after 10 min`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  async function productRound(): Promise<ProductRound> {
    bar += MIN;
    traces.clear();
    const before = accepted;
    const price = (await rest.ticker24h('BTCUSDT')).lastPrice;
    const candle: Candle = {
      symbol: 'BTCUSDT',
      interval: '1m',
      openTime: bar,
      closeTime: bar + MIN - 1,
      open: price,
      high: price,
      low: price,
      close: price,
      volume: '1',
      quoteVolume: price,
      trades: 1,
      takerBuyBaseVolume: '0',
      takerBuyQuoteVolume: '0',
      closed: true,
    };
    stored.push(candle);
    const cpu0 = cpuNow();
    const start = Date.now();
    const firesBefore = stats.fires;
    book.closed([candle]);
    await book.settled();
    const firesMs = Date.now() - start;
    if (stats.fires - firesBefore !== USERS)
      throw new Error(`${stats.fires - firesBefore} fires for ${USERS} rules`);
    const deadline = Date.now() + 600_000;
    while (accepted - before + refused < USERS) {
      if (Date.now() > deadline) throw new Error(`only ${accepted - before} of ${USERS} accepted`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const cpu = cpuSince(cpu0);
    if (refused > 0) throw new Error(`${refused} orders refused`);
    const fired = await db.$queryRaw<{ clientOrderId: string; firedAt: Date }[]>`
      SELECT o."clientOrderId", f."firedAt" FROM "Order" o JOIN "AlertFire" f ON f."id" = o."fireId"
      WHERE f."barTime" = ${new Date(bar)}`;
    if (fired.length !== USERS) throw new Error(`${fired.length} orders for ${USERS} fires`);
    const r: ProductRound = {
      allMs: 0,
      firesMs,
      latencies: [],
      pickup: [],
      prepare: [],
      request: [],
      cpu,
      drainMs: 0,
      drainCpu: { worker: 0, sim: 0, pg: 0 },
    };
    for (const { clientOrderId, firedAt } of fired) {
      const t = traces.get(clientOrderId);
      if (!t?.acked || !t.sent) throw new Error(`no acknowledgement traced for ${clientOrderId}`);
      r.allMs = Math.max(r.allMs, t.acked - start);
      r.latencies.push(t.acked - firedAt.getTime());
      r.pickup.push(t.pickup - firedAt.getTime());
      r.prepare.push(t.sent - t.pickup);
      r.request.push(t.acked - t.sent);
    }
    const drained = await drain();
    r.drainMs = drained.ms;
    r.drainCpu = drained.cpu;
    return r;
  }

  const ceiling = async () => {
    const cpu0 = cpuNow();
    const rate = await measureOrderRate({
      restUrl,
      accounts,
      orders: USERS,
      concurrency: CONCURRENCY,
      quantity: QUANTITY,
    });
    return { ...rate, cpu: cpuSince(cpu0) };
  };

  const warm = await productRound();
  const warmCeiling = await ceiling();
  console.log(
    `warm-up (first bar: one broker per key is built, server time fetched): all acked ${ms(warm.allMs)}, fire → ack p50 ${ms(pct(warm.latencies, 0.5))} p99 ${ms(pct(warm.latencies, 0.99))}, notices done in ${ms(warm.drainMs)}; sim alone ${warmCeiling.perSecond.toFixed(0)} orders/s`,
  );

  const product: ProductRound[] = [];
  const sims: Awaited<ReturnType<typeof ceiling>>[] = [];
  console.log('');
  console.log(
    '| round | load | fires recorded | bar close → all acked | fire → ack p50 / p99 | fire → pickup p50 / p99 | pickup → sent p50 / p99 | request → answer p50 / p99 | CPU s worker / sim / Postgres | then notices done in (CPU s worker / Postgres) | sim alone: all acked, orders/s, request p50 / p99 | sim alone CPU s client / sim |',
  );
  console.log(
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (let i = 1; i <= ROUNDS; i++) {
    const load = loadavg()[0]!.toFixed(2);
    const p = await productRound();
    const s = await ceiling();
    if (s.failed > 0) throw new Error(`${s.failed} of the sim's own orders failed`);
    product.push(p);
    sims.push(s);
    const two = (xs: number[]) => `${ms(pct(xs, 0.5))} / ${ms(pct(xs, 0.99))}`;
    console.log(
      `| ${i} | ${load} | ${ms(p.firesMs)} | ${ms(p.allMs)} | ${two(p.latencies)} | ${two(p.pickup)} | ${two(p.prepare)} | ${two(p.request)} | ${cpuCell(p.cpu)} | ${ms(p.drainMs)} (${p.drainCpu.worker.toFixed(2)} / ${p.drainCpu.pg.toFixed(2)}) | ${ms(s.seconds * 1000)}, ${s.perSecond.toFixed(0)}/s, ${ms(s.p50Ms)} / ${ms(s.p99Ms)} | ${s.cpu.worker.toFixed(2)} / ${s.cpu.sim.toFixed(2)} |`,
    );
  }
  const all = (f: (p: ProductRound) => number[]) => product.flatMap(f);
  const allMs = product.map((p) => p.allMs);
  const simMs = sims.map((s) => s.seconds * 1000);
  const lat = all((p) => p.latencies);
  console.log('');
  console.log(
    `over ${ROUNDS} rounds (${lat.length} orders): bar close → all ${USERS} acked median ${ms(pct(allMs, 0.5))} (max ${ms(Math.max(...allMs))}; target 2,000 ms); fire → ack p50 ${ms(pct(lat, 0.5))}, p99 ${ms(pct(lat, 0.99))} (target p99 < 250 ms)`,
  );
  console.log(
    `ceiling, the sim alone at concurrency ${CONCURRENCY}: ${USERS} orders in median ${ms(pct(simMs, 0.5))} (${(USERS / (pct(simMs, 0.5) / 1000)).toFixed(0)} orders/s); product / ceiling = ${(pct(allMs, 0.5) / pct(simMs, 0.5)).toFixed(1)}× the time`,
  );
  console.log(
    `where an order's time goes (all rounds, p50 / p99): fire → pickup ${ms(
      pct(
        all((p) => p.pickup),
        0.5,
      ),
    )} / ${ms(
      pct(
        all((p) => p.pickup),
        0.99,
      ),
    )}; pickup → sent ${ms(
      pct(
        all((p) => p.prepare),
        0.5,
      ),
    )} / ${ms(
      pct(
        all((p) => p.prepare),
        0.99,
      ),
    )}; request → answer ${ms(
      pct(
        all((p) => p.request),
        0.5,
      ),
    )} / ${ms(
      pct(
        all((p) => p.request),
        0.99,
      ),
    )}; recording the bar's ${USERS} fires (one transaction): median ${ms(
      pct(
        product.map((p) => p.firesMs),
        0.5,
      ),
    )}`,
  );
  const med = (f: (p: ProductRound) => number) => pct(product.map(f), 0.5);
  const cpuTotal = med((p) => p.cpu.worker + p.cpu.sim + p.cpu.pg);
  console.log(
    `CPU per round (median): worker ${med((p) => p.cpu.worker).toFixed(2)} s, sim ${med((p) => p.cpu.sim).toFixed(2)} s, Postgres ${med((p) => p.cpu.pg).toFixed(2)} s = ${cpuTotal.toFixed(2)} CPU-s for ${USERS} orders, i.e. at least ${((cpuTotal / 2) * 1000).toFixed(0)} ms of wall time on this machine's 2 cores with nothing else running; sim alone ${pct(
      sims.map((x) => x.cpu.sim),
      0.5,
    ).toFixed(2)} s of sim CPU`,
  );
  console.log(`load avg at end ${loadavg()[0]!.toFixed(2)}`);
} finally {
  await executor?.stop();
  await bus.close();
  await db.$disconnect();
  sim.kill('SIGTERM');
  await pg.stop();
  await rm(dir, { recursive: true, force: true });
}
