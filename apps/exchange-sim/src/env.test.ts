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

  it('rejects bad values with the variable name', () => {
    expect(() => readEnv({ SIM_CONTROL: 'maybe' })).toThrow(/SIM_CONTROL/);
    expect(() => readEnv({ SIM_WEIGHT_LIMIT: '-1' })).toThrow(/SIM_WEIGHT_LIMIT/);
  });
});
