// Parses an app's environment with its zod schema, the same way everywhere: empty strings count as
// unset (so `FOO=` in a .env file falls back to the default) and every problem is listed at once.
// Pure: each app passes its own `process.env` in from its env.ts.
import type { z } from 'zod';

export function parseEnv<S extends z.ZodType>(
  schema: S,
  source: Record<string, string | undefined>,
): z.infer<S> {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid environment:\n${issues}`);
  }
  return parsed.data;
}
