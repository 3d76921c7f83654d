import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseEnv } from './env';

const schema = z.object({
  PORT: z.coerce.number().int().default(3000),
  URL: z.string().url(),
  NAME: z.string().optional(),
});

describe('parseEnv', () => {
  it('applies defaults and treats empty strings as unset', () => {
    expect(parseEnv(schema, { URL: 'http://x.test', PORT: '', NAME: '' })).toEqual({
      URL: 'http://x.test',
      PORT: 3000,
    });
  });

  it('lists every problem with its variable name', () => {
    expect(() => parseEnv(schema, { PORT: 'abc' })).toThrow(/PORT[\s\S]*URL/);
  });
});
