import { describe, expect, it } from 'vitest';
import {
  CLIENT_ORDER_ID_PATTERN,
  causeOfClientOrderId,
  clientOrderIdForFire,
  clientOrderIdForTicket,
} from './client-order-id';

describe('client order ids', () => {
  const fire = 'cmj3k9x2a0001qz8h4v7w2b5n'; // a cuid, as AlertFire ids are
  const ticket = '3F2504E0-4F89-41D3-9A0C-0305E82C3301';

  it('are the same for the same cause, every time', () => {
    expect(clientOrderIdForFire(fire)).toBe(clientOrderIdForFire(fire));
    expect(clientOrderIdForTicket(ticket)).toBe(clientOrderIdForTicket(ticket.toLowerCase()));
  });

  it("fit Binance's newClientOrderId pattern", () => {
    expect(clientOrderIdForFire(fire)).toMatch(CLIENT_ORDER_ID_PATTERN);
    const t = clientOrderIdForTicket(ticket);
    expect(t).toMatch(CLIENT_ORDER_ID_PATTERN);
    expect(t).toHaveLength(36);
    expect(clientOrderIdForFire('x'.repeat(32))).toMatch(CLIENT_ORDER_ID_PATTERN);
  });

  it('differ between causes and between kinds', () => {
    const ids = new Set([
      clientOrderIdForFire(fire),
      clientOrderIdForFire(`${fire.slice(0, -1)}m`),
      clientOrderIdForTicket(ticket),
      clientOrderIdForTicket('3f2504e0-4f89-41d3-9a0c-0305e82c3302'),
    ]);
    expect(ids.size).toBe(4);
  });

  it('refuse ids that would break the pattern or be ambiguous', () => {
    for (const bad of ['', 'a'.repeat(33), 'has space', 'dash-ed', 'ünï'])
      expect(() => clientOrderIdForFire(bad), bad).toThrow();
    for (const bad of ['', 'not-a-uuid', 'x'.repeat(33), '{3f2504e0-4f89-41d3-9a0c-0305e82c3301}'])
      expect(() => clientOrderIdForTicket(bad), bad).toThrow();
    expect(clientOrderIdForTicket(fire)).toBe(`cvt-${fire}`);
  });

  it('trace an id back to its cause', () => {
    expect(causeOfClientOrderId(clientOrderIdForFire(fire))).toEqual({
      kind: 'fire',
      fireId: fire,
    });
    expect(causeOfClientOrderId(clientOrderIdForTicket(ticket))).toEqual({
      kind: 'ticket',
      ticketKey: '3f2504e04f8941d39a0c0305e82c3301',
    });
    expect(causeOfClientOrderId('web_8d2f3c')).toBeNull();
    expect(causeOfClientOrderId('cvt-has-dash')).toBeNull();
  });
});
