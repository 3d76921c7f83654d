import { describe, expect, it } from 'vitest';
import { garble } from './garbage';

const frame =
  '{"stream":"btcusdt@trade","data":{"e":"trade","E":1,"s":"BTCUSDT","t":5,"p":"1.00000000","q":"2.00000000","T":1,"m":true,"M":true}}';
const random = (() => {
  let x = 7;
  return () => (x = (x * 48271) % 2147483647) / 2147483647;
})();

describe('garble', () => {
  it('makes frames that no strict parser accepts', () => {
    for (let i = 0; i < 50; i++) {
      expect(() => void JSON.parse(garble(frame, 'invalid-json', random))).toThrow();
      const cut = garble(frame, 'truncated', random);
      expect(frame.startsWith(cut) && cut.length < frame.length).toBe(true);
      expect(() => void JSON.parse(cut)).toThrow();
      // Valid JSON, same envelope, exactly one payload field of another type.
      const typed = JSON.parse(garble(frame, 'wrong-types', random)) as {
        stream: string;
        data: Record<string, unknown>;
      };
      const original = (JSON.parse(frame) as { data: Record<string, unknown> }).data;
      expect(typed.stream).toBe('btcusdt@trade');
      const changed = Object.keys(original).filter(
        (k) => typeof typed.data[k] !== typeof original[k],
      );
      expect(changed).toHaveLength(1);
    }
  });
});
