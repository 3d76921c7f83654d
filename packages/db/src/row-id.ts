// Ids for rows inserted in bulk with raw SQL (a bar's fires and orders): the same shape as the
// cuid()s Prisma gives rows it creates — 25 lowercase letters and digits starting with "c" — so
// every id fits the places that take one (a fire's id inside its Binance client order id is at
// most 32 letters or digits). 24 random base-36 characters: ~124 bits, no coordination needed.
import { customAlphabet } from 'nanoid';

const random24 = customAlphabet('0123456789abcdefghijklmnopqrstuvwxyz', 24);

export function newRowId(): string {
  return `c${random24()}`;
}
