import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles up to the cap, with jitter in the upper half', () => {
    const opts = { minMs: 100, maxMs: 1_000 };
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, opts, () => 1))).toEqual([
      100, 200, 400, 800, 1_000,
    ]);
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, opts, () => 0))).toEqual([
      50, 100, 200, 400, 500,
    ]);
  });
});
