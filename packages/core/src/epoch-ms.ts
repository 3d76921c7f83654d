// A point in time as epoch milliseconds, as inputs carry it (paging cursors, expiries). JavaScript
// dates end at ±8.64e15 ms (the year 275760); a larger number is an Invalid Date that the database
// layer rejects with an internal error, so every time input is bounded here, where it is parsed.
import { z } from 'zod';

/** The largest epoch ms a Date can hold. */
export const MAX_EPOCH_MS = 8.64e15;

/** Epoch milliseconds from 1970 to the end of JavaScript time (a whole number). */
export const epochMsSchema = z
  .number()
  .int('A time must be whole milliseconds')
  .nonnegative('A time cannot be before 1970')
  .max(MAX_EPOCH_MS, 'That time is too far in the future');
