import { describe, expect, it } from 'vitest';
import { parseControlRequest } from './control-request';

const reply = (text: string) => {
  const parsed = parseControlRequest(text);
  return parsed.ok ? parsed.request : parsed.reply;
};

describe('parseControlRequest', () => {
  it('accepts the documented requests', () => {
    expect(
      reply('{"method":"SUBSCRIBE","params":["btcusdt@aggTrade","btcusdt@depth"],"id":1}'),
    ).toEqual({
      method: 'SUBSCRIBE',
      streams: ['btcusdt@aggTrade', 'btcusdt@depth'],
      id: 1,
    });
    expect(reply('{"method":"UNSUBSCRIBE","params":["btcusdt@depth"],"id":312}')).toMatchObject({
      method: 'UNSUBSCRIBE',
      id: 312,
    });
    expect(reply('{"method":"LIST_SUBSCRIPTIONS","id":3}')).toEqual({
      method: 'LIST_SUBSCRIPTIONS',
      id: 3,
    });
    expect(reply('{"method":"SET_PROPERTY","params":["combined",true],"id":5}')).toMatchObject({
      value: true,
      id: 5,
    });
    expect(reply('{"method":"GET_PROPERTY","params":["combined"],"id":2}')).toMatchObject({
      property: 'combined',
      id: 2,
    });
    // ids: signed 64-bit integers, short alphanumeric strings, or null
    expect(reply('{"method":"LIST_SUBSCRIPTIONS","id":-7}')).toMatchObject({ id: -7 });
    expect(reply('{"method":"LIST_SUBSCRIPTIONS","id":"a1b2"}')).toMatchObject({ id: 'a1b2' });
    expect(reply('{"method":"LIST_SUBSCRIPTIONS","id":null}')).toMatchObject({ id: null });
  });

  it("answers bad requests with Binance's error codes", () => {
    expect(reply('{"method":"SUBSCRIBE",')).toMatchObject({
      error: { code: 3, msg: expect.stringMatching(/^Invalid JSON/) },
      id: null,
    });
    expect(reply('{"method":"SUBSCRIBE","params":[]}')).toEqual({
      error: { code: 2, msg: 'Invalid request: request ID must be an unsigned integer' },
      id: null,
    });
    for (const id of [
      '1.5',
      '{}',
      '"way-too-long-identifier-for-binance-to-accept"',
      '"semi;colon"',
    ]) {
      expect(reply(`{"method":"LIST_SUBSCRIPTIONS","id":${id}}`)).toMatchObject({
        error: { code: 2 },
        id: null,
      });
    }
    expect(reply('{"params":[],"id":4}')).toMatchObject({
      error: { code: 2, msg: expect.stringMatching(/missing field `method`/) },
    });
    expect(reply('{"method":"SUBSCRIBED","params":[],"id":4}')).toMatchObject({
      error: {
        code: 2,
        msg: expect.stringMatching(/unknown variant `SUBSCRIBED`, expected one of `SUBSCRIBE`/),
      },
      id: 4,
    });
    expect(reply('{"method":"LIST_SUBSCRIPTIONS","params":["x"],"id":4}')).toMatchObject({
      error: { code: 2, msg: 'Invalid request: too many parameters' },
    });
    expect(reply('{"method":"SUBSCRIBE","params":[1],"id":4}')).toMatchObject({
      error: { code: 2 },
    });
    expect(reply('{"method":"SET_PROPERTY","params":["combined","yes"],"id":4}')).toEqual({
      error: { code: 1, msg: 'Invalid value type: expected Boolean' },
      id: 4,
    });
    expect(reply('{"method":"GET_PROPERTY","params":["colour"],"id":4}')).toEqual({
      error: { code: 0, msg: 'Unknown property' },
      id: 4,
    });
    expect(reply('{"method":"GET_PROPERTY","params":[7],"id":4}')).toMatchObject({
      error: { code: 2, msg: 'Invalid request: property name must be a string' },
    });
    expect(reply('[1,2]')).toMatchObject({ error: { code: 2 } });
  });
});
