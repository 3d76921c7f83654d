// What no procedure's input may hold, checked once for all of them before their zod schemas run:
// NUL characters (Postgres text cannot store U+0000 and fails the whole query with an internal
// error) and nesting deeper than any real input (recursive schemas descend one stack frame chain
// per level). The walk is iterative, so the check itself cannot overflow.

/** No procedure takes input nested deeper than this (a layout state is about 6 levels). */
export const MAX_INPUT_NESTING = 32;

/** Why `input` is refused, or null. */
export function inputProblem(input: unknown): string | null {
  const stack: { value: unknown; depth: number }[] = [{ value: input, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return 'Text cannot contain NUL characters.';
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_INPUT_NESTING) return 'The request is nested too deeply.';
    if (Array.isArray(value)) {
      for (const item of value) stack.push({ value: item, depth: depth + 1 });
      continue;
    }
    // Dates, Maps and the like (superjson) hold no text of their own to check.
    if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null)
      continue;
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) return 'Text cannot contain NUL characters.';
      stack.push({ value: item, depth: depth + 1 });
    }
  }
  return null;
}
