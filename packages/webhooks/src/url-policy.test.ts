import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, isForbiddenAddress } from './url-policy';

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

  // Every bypass reported in issue 9 and their relatives: loopback, private and special ranges
  // written in the forms a hand list misses. Refused in production (loopback-ish ones are
  // "localhost", the rest "private").
  it.each([
    // Host names: trailing dots, case, IDNA, subdomains of localhost.
    ['https://localhost./', /localhost/],
    ['https://LOCALHOST../', /localhost/],
    ['https://api.localhost/', /localhost/],
    ['https://api.localhost./', /localhost/],
    ['https://db.internal./x', /private network/],
    ['https://printer.local/x', /private network/],
    ['https://router.home.arpa/x', /private network/],
    // IPv4 shorthands that URL normalises.
    ['https://2130706433/', /localhost/],
    ['https://0x7f.1/', /localhost/],
    ['https://127.1/', /localhost/],
    ['https://0177.0.0.1/', /localhost/],
    // IPv4 inside IPv6: compatible, mapped (dotted and hex), translated (RFC 6145).
    ['https://[::127.0.0.1]/', /private/],
    ['https://[::ffff:127.0.0.1]/', /localhost/],
    ['https://[::ffff:7f00:1]/', /localhost/],
    ['https://[::ffff:0:7f00:1]/', /private/],
    ['https://[::ffff:0:a9fe:a9fe]/', /private/],
    ['https://[::a9fe:a9fe]/', /private/],
    // 6to4, NAT64 (well-known and local-use prefixes), Teredo carry an IPv4 address.
    ['https://[2002:7f00:1::]/', /private/],
    ['https://[2002:a9fe:a9fe::1]/', /private/],
    ['https://[64:ff9b::7f00:1]/', /private/],
    ['https://[64:ff9b::8.8.8.8]/', /private/],
    ['https://[64:ff9b:1::a00:1]/', /private/],
    ['https://[2001::53aa:64c:0:0]/', /private/],
    // Other IPv6 special ranges and forms outside global unicast.
    ['https://[::]/', /private/],
    ['https://[::0:1]/', /localhost/],
    ['https://[0:0:0:0:0:0:0:1]/', /localhost/],
    ['https://[fe80::1%25eth0]/', /full URL|private/],
    ['https://[fec0::1]/', /private/],
    ['https://[ff02::1]/', /private/],
    ['https://[100::1]/', /private/],
    ['https://[2001:db8::1]/', /private/],
    ['https://[3fff::1]/', /private/],
    ['https://[2001:10::1]/', /private/],
    ['https://[4000::1]/', /private/],
    // IPv4 special ranges.
    ['https://255.255.255.255/', /private/],
    ['https://224.0.0.1/', /private/],
    ['https://240.0.0.1/', /private/],
    ['https://192.0.2.1/', /private/],
    ['https://198.18.0.1/', /private/],
    ['https://192.0.0.8/', /private/],
    ['https://0.1.2.3/', /private/],
  ])('refuses the bypass %s in production', (url, reason) => {
    expect(checkWebhookUrl(url, prod)).toMatch(reason);
  });

  it.each([
    '::127.0.0.1',
    '::ffff:0:7f00:1',
    '2002:7f00:1::',
    '64:ff9b::7f00:1',
    '64:ff9b:1::1',
    '2001::1',
    '::ffff:169.254.169.254',
    'fe80::1%eth0',
    '0x7f.0.0.1',
    '127.1',
    '',
  ])('refuses the resolved address %s even where loopback is allowed', (address) => {
    expect(isForbiddenAddress(address, dev)).toBe(true);
  });

  it('still accepts public IPv4 and IPv6 and ordinary host names', () => {
    expect(checkWebhookUrl('https://[2606:4700:4700::1111]/hook', prod)).toBeNull();
    expect(checkWebhookUrl('https://1.1.1.1/hook', prod)).toBeNull();
    expect(checkWebhookUrl('https://hooks.EXAMPLE.com./x', prod)).toBeNull();
    expect(checkWebhookUrl('https://bücher.example/x', prod)).toBeNull();
    expect(isForbiddenAddress('::ffff:8.8.8.8', prod)).toBe(false);
    expect(isForbiddenAddress('2a00:1450:4001:80b::200e', prod)).toBe(false);
  });
});
