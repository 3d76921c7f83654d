import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEnv } from '../env';
import { SimAccount, parseAccountsSetting } from './sim-accounts';

describe('SIM_ACCOUNTS', () => {
  const one = [{ apiKey: 'Key1', secret: 's1', balances: { USDT: '10000.5', BTC: '0.00000001' } }];

  it('reads accounts inline or from the file it names', () => {
    const env = readEnv({ SIM_ACCOUNTS: JSON.stringify(one) });
    expect(parseAccountsSetting(env.SIM_ACCOUNTS!)).toEqual([{ ...one[0], canTrade: true }]);
    const dir = mkdtempSync(path.join(tmpdir(), 'sim-accounts-'));
    const file = path.join(dir, 'accounts.json');
    writeFileSync(file, JSON.stringify(one));
    expect(parseAccountsSetting(file)).toEqual(parseAccountsSetting(JSON.stringify(one)));
    const account = new SimAccount(1, parseAccountsSetting(file)[0]!);
    expect(account.list()).toEqual([
      { asset: 'USDT', free: '10000.50000000', locked: '0.00000000' },
      { asset: 'BTC', free: '0.00000001', locked: '0.00000000' },
    ]);
  });

  it('refuses bad settings with a message naming what is wrong', () => {
    expect(() => parseAccountsSetting('[{"apiKey": "Key1"}')).toThrow(/not valid JSON/);
    expect(() => parseAccountsSetting('[{"apiKey": "Key 1", "secret": "s"}]')).toThrow(/0\.apiKey/);
    expect(() =>
      parseAccountsSetting(JSON.stringify([{ ...one[0], balances: { USDT: '1.123456789' } }])),
    ).toThrow(/balances\.USDT/);
    expect(() => parseAccountsSetting(JSON.stringify([...one, ...one]))).toThrow(
      /duplicate apiKey/,
    );
    expect(() => parseAccountsSetting('[]')).toThrow(/SIM_ACCOUNTS/);
  });
});
