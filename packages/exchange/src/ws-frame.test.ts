import { describe, expect, it } from 'vitest';
import { frameText } from './ws-frame';

describe('frameText', () => {
  const text = '{"stream":"btcusdt@kline_1m","data":{"e":"kline","s":"BTCUSDT €"}}';

  it('decodes a Buffer, an ArrayBuffer and a list of fragments to the same text', () => {
    const bytes = Buffer.from(text, 'utf8');
    const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
    // The split lands inside the three-byte "€", as fragment boundaries may.
    const cut = bytes.length - 4;
    expect(frameText(bytes)).toBe(text);
    expect(frameText(arrayBuffer)).toBe(text);
    expect(frameText([bytes.subarray(0, cut), bytes.subarray(cut)])).toBe(text);
  });
});
