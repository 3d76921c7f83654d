import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, isForbiddenAddress } from './webhook-url';

const prod = { allowLoopback: false };
const dev = { allowLoopback: true };

describe('webhook URL policy', () => {
  it('accepts public https URLs', () => {
    expect(checkWebhookUrl('https://discord.com/api/webhooks/1/abc', prod)).toBeNull();
    expect(checkWebhookUrl('https://8.8.8.8/hook', prod)).toBeNull();
  });

  it.each([
    ['ftp://example.com/x', /https/],
    ['not a url', /full URL/],
    ['http://example.com/x', /https/],
    ['https://user:pw@example.com/x', /credentials/],
    ['https://10.1.2.3/x', /private/],
    ['https://172.20.0.1/x', /private/],
    ['https://192.168.0.10/x', /private/],
    ['https://169.254.169.254/x', /private/],
    ['https://100.64.0.1/x', /private/],
    ['https://0.0.0.0/x', /private/],
    ['https://[fe80::1]/x', /private/],
    ['https://[fd00::1]/x', /private/],
    ['https://[::ffff:a00:1]/x', /private/],
    ['https://db.internal/x', /private network/],
    ['https://intranet/x', /public host/],
    ['https://localhost/x', /localhost/],
    ['http://127.0.0.1:8080/x', /localhost/],
    ['https://[::1]/x', /localhost/],
  ])('refuses %s in production', (url, reason) => {
    expect(checkWebhookUrl(url, prod)).toMatch(reason);
  });

  it('allows loopback over http in development only, and still no private ranges', () => {
    expect(checkWebhookUrl('http://localhost:9000/hook', dev)).toBeNull();
    expect(checkWebhookUrl('http://127.0.0.1:9000/hook', dev)).toBeNull();
    expect(checkWebhookUrl('https://10.0.0.1/hook', dev)).toMatch(/private/);
  });

  it('checks resolved addresses (DNS may point a public name anywhere)', () => {
    expect(isForbiddenAddress('93.184.216.34', prod)).toBe(false);
    expect(isForbiddenAddress('127.0.0.1', prod)).toBe(true);
    expect(isForbiddenAddress('127.0.0.1', dev)).toBe(false);
    expect(isForbiddenAddress('::ffff:127.0.0.1', prod)).toBe(true);
    expect(isForbiddenAddress('10.0.0.1', dev)).toBe(true);
    expect(isForbiddenAddress('2606:4700::1111', prod)).toBe(false);
    expect(isForbiddenAddress('nonsense', dev)).toBe(true);
  });
});
