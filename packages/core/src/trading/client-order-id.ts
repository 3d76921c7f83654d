// Binance's `newClientOrderId`, derived from what caused the order and nothing else, so that every
// attempt to place it (a retry, a restart after a crash, a second worker, a replayed message) carries
// the same id, and a lost answer is found again by querying that id (GET /api/v3/order with
// origClientOrderId finds it whatever its status). Binance refuses the id only while an order with
// it is OPEN (-2010 "Duplicate order sent."); once that order is filled or canceled the id may be
// used again, so the id alone does not stop a second market order: the sender must look it up
// before any resend. No clock, counter or randomness goes in.
//
// Binance allows `^[a-zA-Z0-9-_]{1,36}$`. A fire id (a cuid) fits as is behind a short prefix; a
// ticket id is a UUID, whose 32 hex digits fit once the dashes are dropped (or a cuid). The
// prefixes keep the two kinds apart and let the user data stream's executionReports be traced back
// to their cause.

const FIRE_PREFIX = 'cvf-';
const TICKET_PREFIX = 'cvt-';
const MAX_LENGTH = 36;

/** Binance's pattern for client order ids. */
export const CLIENT_ORDER_ID_PATTERN = /^[a-zA-Z0-9-_]{1,36}$/;

/** A cuid (fire ids, ticket keys): letters and digits only, so no prefix can be forged in it. */
const FIRE_ID = /^[a-zA-Z0-9]{1,32}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The client order id of the order an alert fire places. */
export function clientOrderIdForFire(fireId: string): string {
  if (!FIRE_ID.test(fireId)) throw new Error(`fire id must be 1-32 letters or digits: ${fireId}`);
  return `${FIRE_PREFIX}${fireId}`;
}

/**
 * The client order id of the order an order ticket places. `ticketId` is the ticket's idempotency
 * key: a UUID (its 32 hex digits are used, so any spelling of the same UUID gives the same id) or
 * 1-32 letters and digits (a cuid).
 */
export function clientOrderIdForTicket(ticketId: string): string {
  let key: string;
  if (UUID.test(ticketId)) key = ticketId.replace(/-/g, '').toLowerCase();
  else if (FIRE_ID.test(ticketId)) key = ticketId;
  else throw new Error(`ticket id must be a UUID or 1-32 letters or digits: ${ticketId}`);
  const id = `${TICKET_PREFIX}${key}`;
  // 4 + 32 = 36 at most: exactly Binance's limit.
  if (id.length > MAX_LENGTH) throw new Error('client order id too long');
  return id;
}

export type OrderCause = { kind: 'fire'; fireId: string } | { kind: 'ticket'; ticketKey: string };

/** What caused an order with this client id, or null for an order placed outside Coinview. */
export function causeOfClientOrderId(clientOrderId: string): OrderCause | null {
  if (clientOrderId.startsWith(FIRE_PREFIX)) {
    const fireId = clientOrderId.slice(FIRE_PREFIX.length);
    return FIRE_ID.test(fireId) ? { kind: 'fire', fireId } : null;
  }
  if (clientOrderId.startsWith(TICKET_PREFIX)) {
    const ticketKey = clientOrderId.slice(TICKET_PREFIX.length);
    return FIRE_ID.test(ticketKey) ? { kind: 'ticket', ticketKey } : null;
  }
  return null;
}
