// What the transport may send twice and what it must send once: reads are retried, a request that
// changes something on the exchange (an order) never is after it may have reached it.
import { pino } from 'pino';
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeExchange, fakeTime, startFakeExchange } from '../../test/fake-exchange';
import { BinanceRateLimitError, BinanceUnavailableError } from './errors';
import { BinanceTransport } from './transport';

const silent = pino({ level: 'silent' });
const ok = z.object({ ok: z.boolean() });
let fake: FakeExchange | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

function transportFor(url: string, extra = {}) {
  const time = fakeTime(Date.UTC(2030, 0, 1));
  const transport = new BinanceTransport({
    baseUrl: url,
    now: time.now,
    sleep: time.sleep,
    random: () => 0.5,
    logger: silent,
    ...extra,
  });
  return { transport, time };
}

describe('BinanceTransport', () => {
  it('retries an idempotent request after a 5xx, and sends a once-only one exactly once', async () => {
    fake = await startFakeExchange([
      { status: 503, body: { code: -1008, msg: 'busy' } },
      { status: 200, body: { ok: true } },
    ]);
    const { transport } = transportFor(fake.url);
    await expect(
      transport.request({ method: 'GET', path: '/a', query: 'x=1', weight: 1, schema: ok }),
    ).resolves.toEqual({ ok: true });
    expect(fake.requests).toEqual(['/a?x=1', '/a?x=1']);

    await fake.stop();
    fake = await startFakeExchange([
      { status: 500, body: 'oops' },
      { status: 200, body: { ok: true } },
    ]);
    const once = transportFor(fake.url).transport;
    const err = await once
      .request({ method: 'POST', path: '/o', query: 'y=2', weight: 1, schema: ok, retry: 'never' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BinanceUnavailableError);
    expect(err).toMatchObject({ status: 500 });
    expect(fake.seen.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /o?y=2']);
  });

  it('never resends a once-only request after a timeout or a dropped connection', async () => {
    fake = await startFakeExchange([{ status: 0, hang: true }]);
    const { transport } = transportFor(fake.url, { timeoutMs: 200 });
    const err = await transport
      .request({ method: 'POST', path: '/o', query: '', weight: 1, schema: ok, retry: 'never' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'BinanceUnavailableError', status: 0 });
    expect(String((err as Error).message)).toMatch(/TimeoutError|timeout/i);
    expect(fake.requests).toHaveLength(1);

    await fake.stop();
    fake = await startFakeExchange([
      { status: 0, destroy: true },
      { status: 200, body: { ok: true } },
    ]);
    const dropped = transportFor(fake.url).transport;
    await expect(
      dropped.request({
        method: 'DELETE',
        path: '/o',
        query: '',
        weight: 1,
        schema: ok,
        retry: 'never',
      }),
    ).rejects.toMatchObject({ status: 0 });
    expect(fake.requests).toHaveLength(1);
  });

  it('hands a 429 on a once-only request back at once, and holds later requests for its Retry-After', async () => {
    fake = await startFakeExchange([
      {
        status: 429,
        body: { code: -1015, msg: 'Too many new orders.' },
        headers: { 'retry-after': '2' },
      },
      { status: 200, body: { ok: true } },
    ]);
    const { transport, time } = transportFor(fake.url);
    const err = await transport
      .request({ method: 'POST', path: '/o', query: '', weight: 1, schema: ok, retry: 'never' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BinanceRateLimitError);
    expect(err).toMatchObject({ code: -1015, retryAfterMs: 2000 });
    expect(time.state.slept).toEqual([]);
    await transport.request({ method: 'GET', path: '/a', query: '', weight: 1, schema: ok });
    expect(time.state.slept).toEqual([2000]);
  });

  it('builds the query once per attempt, so each retry can carry a fresh timestamp', async () => {
    fake = await startFakeExchange([{ status: 502 }, { status: 200, body: { ok: true } }]);
    const { transport } = transportFor(fake.url);
    let n = 0;
    await transport.request({
      method: 'GET',
      path: '/a',
      query: () => `n=${++n}`,
      weight: 1,
      schema: ok,
    });
    expect(fake.requests).toEqual(['/a?n=1', '/a?n=2']);
  });
});
