import { describe, expect, it } from 'vitest';
import { readEnv } from './env';

describe('sim env', () => {
  it("defaults to Binance's limits, with fault control on except in production", () => {
    expect(readEnv({})).toMatchObject({
      SIM_PORT: 9443,
      SIM_WEIGHT_LIMIT: 6000,
      SIM_CONNECTION_LIFETIME_MS: 86_400_000,
      SIM_PING_INTERVAL_MS: 20_000,
      SIM_PONG_TIMEOUT_MS: 60_000,
      controlEnabled: true,
    });
    expect(readEnv({ NODE_ENV: 'production' }).controlEnabled).toBe(false);
    expect(readEnv({ NODE_ENV: 'production', SIM_CONTROL: '1' }).controlEnabled).toBe(true);
    expect(readEnv({ SIM_CONTROL: '0' }).controlEnabled).toBe(false);
  });

  it('reads SIM_ANCHOR as an ISO date or epoch ms on a whole minute', () => {
    expect(readEnv({}).SIM_ANCHOR).toBeUndefined();
    expect(readEnv({ SIM_ANCHOR: '2026-12-04T00:00:00Z' }).SIM_ANCHOR).toBe(Date.UTC(2026, 11, 4));
    expect(readEnv({ SIM_ANCHOR: '1796342400000' }).SIM_ANCHOR).toBe(1796342400000);
    expect(() => readEnv({ SIM_ANCHOR: '2026-12-04T00:00:30Z' })).toThrow(/SIM_ANCHOR/);
    expect(() => readEnv({ SIM_ANCHOR: 'soon' })).toThrow(/SIM_ANCHOR/);
  });

  it('rejects bad values with the variable name', () => {
    expect(() => readEnv({ SIM_CONTROL: 'maybe' })).toThrow(/SIM_CONTROL/);
    expect(() => readEnv({ SIM_WEIGHT_LIMIT: '-1' })).toThrow(/SIM_WEIGHT_LIMIT/);
  });
});
