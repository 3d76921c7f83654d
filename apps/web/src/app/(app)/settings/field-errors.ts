// The first message per field of a tRPC error (zod's flattened field errors, or a procedure's
// fieldError), for forms that show errors under their fields.
import { TRPCClientError } from '@trpc/client';

export function fieldErrorsOf<F extends string>(
  err: unknown,
  fields: readonly F[],
): Partial<Record<F, string>> {
  const data =
    err instanceof TRPCClientError
      ? (err.data as { zodError?: { fieldErrors?: Record<string, string[]> } } | undefined)
      : undefined;
  const out: Partial<Record<F, string>> = {};
  for (const field of fields) {
    const message = data?.zodError?.fieldErrors?.[field]?.[0];
    if (message) out[field] = message;
  }
  return out;
}
