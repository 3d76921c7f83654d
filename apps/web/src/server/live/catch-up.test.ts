// listenThenCatchUp, the mechanism of every live subscription: events that arrive while the
// catch-up runs are neither lost nor sent twice, a client resuming from the last event id it saw
// gets every event exactly once across the two connections, and the listener never outlives the
// subscription. The bus here is a real PgBus on Postgres; the "table" a catch-up reads is an array
// the test appends to before publishing, as the worker writes a row before it publishes it.
import { PgBus } from '@coinview/db/bus';
import { createTestDatabase, type TestDatabase } from '@coinview/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  coalescingBuffer,
  fifoBuffer,
  latestPerKeyBuffer,
  listenThenCatchUp,
  oncePerId,
} from './catch-up';

interface Row {
  seq: number;
  text: string;
}
const isRow = (p: unknown): p is Row =>
  typeof p === 'object' && p !== null && typeof (p as Row).seq === 'number';

let database: TestDatabase;
let publisher: PgBus;
let listener: PgBus;
let topicNo = 0;
beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
  publisher = new PgBus(database.url);
  listener = new PgBus(database.url);
});
afterAll(async () => {
  await publisher?.close();
  await listener?.close();
  await database?.cleanup();
});

/** A table and its topic: `write` stores the row, then publishes it (the worker's order). */
function feed() {
  const topic = `catch-up-test:${++topicNo}`;
  const rows: Row[] = [];
  let listening = 0;
  return {
    rows,
    get listening() {
      return listening;
    },
    async write(text: string): Promise<Row> {
      const row = { seq: rows.length + 1, text };
      rows.push(row);
      await publisher.publish(topic, row);
      return row;
    },
    listen: async (push: (row: Row) => void) => {
      const stop = await listener.subscribe(topic, (p) => {
        if (isRow(p)) push(p);
      });
      listening++;
      return async () => {
        listening--;
        await stop();
      };
    },
    /** Rows after the client's last seen seq (its event id), oldest first. */
    since: (lastEventId: string | undefined) =>
      lastEventId === undefined ? [] : rows.filter((r) => r.seq > Number(lastEventId)),
  };
}

async function take<T>(it: AsyncIterator<T>, n: number, ms = 5_000): Promise<T[]> {
  const out: T[] = [];
  const deadline = Date.now() + ms;
  while (out.length < n) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => {
      timer = setTimeout(() => r('timeout'), Math.max(0, deadline - Date.now()));
    });
    const result = await Promise.race([it.next(), timeout]);
    clearTimeout(timer);
    if (result === 'timeout') throw new Error(`only ${out.length} of ${n} events arrived`);
    if (result.done) break;
    out.push(result.value);
  }
  return out;
}

/** True if nothing more arrives within `ms`. */
async function quiet<T>(it: AsyncIterator<T>, ms = 300): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'quiet'>((r) => (timer = setTimeout(() => r('quiet'), ms)));
  const result = await Promise.race([it.next(), timeout]);
  clearTimeout(timer);
  return result === 'quiet';
}

describe('listenThenCatchUp', () => {
  it('sends rows written during the catch-up once, after it, and then the live ones', async () => {
    const f = feed();
    await f.write('seen before');
    const controller = new AbortController();
    const events = listenThenCatchUp<Row, Row>({
      listen: f.listen,
      catchUp: async () => {
        // Two rows land while the "query" runs: one before the rows are read, one after.
        await f.write('during, read by the query');
        const read = f.since('1');
        await f.write('during, after the read');
        return read;
      },
      buffer: fifoBuffer(),
      admit: oncePerId((row) => String(row.seq)),
      signal: controller.signal,
    });
    const first = await take(events, 2);
    await f.write('live');
    const rest = await take(events, 1);
    expect([...first, ...rest].map((r) => r.text)).toEqual([
      'during, read by the query',
      'during, after the read',
      'live',
    ]);
    expect(await quiet(events)).toBe(true); // the bus copy of the row the query read: dropped
    controller.abort();
    expect(await events.next()).toEqual({ done: true, value: undefined });
    expect(f.listening).toBe(0);
  });

  it('listens before it runs the catch-up', async () => {
    const f = feed();
    const order: string[] = [];
    const controller = new AbortController();
    const events = listenThenCatchUp<Row, Row>({
      listen: async (push) => {
        const stop = await f.listen(push);
        order.push('listening');
        return stop;
      },
      catchUp: () => {
        order.push('catch-up');
        return [];
      },
      buffer: fifoBuffer(),
      signal: controller.signal,
    });
    const pending = events.next();
    // The catch-up here returns nothing, so 'x' can only arrive live: write it once the listener
    // is up (written earlier it was lost, and the test waited 30 s on a loaded machine).
    await waitFor(() => order.length === 2);
    expect(order).toEqual(['listening', 'catch-up']);
    await f.write('x');
    expect((await pending).value).toMatchObject({ text: 'x' });
    controller.abort();
    await events.return();
  });

  it('resumes from the last event id: every row exactly once across a reconnect', async () => {
    const f = feed();
    const received: Row[] = [];
    const connect = (lastEventId: string | undefined) =>
      listenThenCatchUp<Row, Row>({
        listen: f.listen,
        catchUp: () => f.since(lastEventId),
        buffer: fifoBuffer(),
        admit: oncePerId((row) => String(row.seq)),
        signal: undefined,
      });

    const first = connect(undefined);
    const opening = first.next(); // starts listening
    await waitFor(() => f.listening === 1);
    for (const text of ['a', 'b', 'c']) await f.write(text);
    received.push((await opening).value as Row, ...(await take(first, 2)));
    await first.return(); // the tab went away
    expect(f.listening).toBe(0);

    for (const text of ['d', 'e']) await f.write(text); // missed while disconnected
    const lastEventId = String(received[received.length - 1]!.seq);
    const second = connect(lastEventId);
    received.push(...(await take(second, 2)));
    await f.write('f');
    received.push(...(await take(second, 1)));
    await second.return();

    expect(received.map((r) => r.text)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(f.listening).toBe(0);
  });

  it('stops listening when the catch-up fails', async () => {
    const f = feed();
    const events = listenThenCatchUp<Row, Row>({
      listen: f.listen,
      catchUp: () => Promise.reject(new Error('database down')),
      buffer: fifoBuffer(),
      signal: undefined,
    });
    await expect(events.next()).rejects.toThrow('database down');
    expect(f.listening).toBe(0);
  });

  it('ends a subscription aborted while it waits, without an event', async () => {
    const f = feed();
    const controller = new AbortController();
    const events = listenThenCatchUp<Row, Row>({
      listen: f.listen,
      buffer: fifoBuffer(),
      signal: controller.signal,
    });
    const pending = events.next();
    await waitFor(() => f.listening === 1);
    controller.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(f.listening).toBe(0);
  });
});

describe('buffers', () => {
  it('coalescingBuffer keeps only the newest of a superseded run', () => {
    const buffer = coalescingBuffer<{ bar: number; v: number; closed: boolean }>(
      (last, next) => last.bar === next.bar && !last.closed,
    );
    buffer.push({ bar: 1, v: 1, closed: false });
    buffer.push({ bar: 1, v: 2, closed: true });
    buffer.push({ bar: 2, v: 3, closed: false });
    buffer.push({ bar: 2, v: 4, closed: false });
    expect([buffer.take(), buffer.take(), buffer.take()]).toEqual([
      { bar: 1, v: 2, closed: true },
      { bar: 2, v: 4, closed: false },
      undefined,
    ]);
  });

  it('latestPerKeyBuffer batches the newest state per key and ignores older ones', () => {
    const buffer = latestPerKeyBuffer<{ k: string; t: number }>(
      (e) => e.k,
      (next, queued) => next.t > queued.t,
    );
    buffer.push({ k: 'BTC', t: 2 });
    buffer.push({ k: 'BTC', t: 1 });
    buffer.push({ k: 'ETH', t: 5 });
    buffer.push({ k: 'BTC', t: 3 });
    expect(buffer.take()).toEqual([
      { k: 'BTC', t: 3 },
      { k: 'ETH', t: 5 },
    ]);
    expect(buffer.take()).toBeUndefined();
  });

  it('oncePerId forgets only beyond its capacity', () => {
    const admit = oncePerId((id: string) => id, 2);
    expect(['a', 'b', 'a', 'c', 'b', 'a'].map(admit)).toEqual([
      true,
      true,
      false,
      true,
      false, // b is still among the last two
      true, // a was forgotten when c came
    ]);
  });
});

async function waitFor(check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
