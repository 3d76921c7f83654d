// Binance's REST error shape: HTTP 4xx with {"code": -11xx, "msg": "..."}. Codes and messages as in
// Binance's errors.md.
export class BinanceError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    msg: string,
  ) {
    super(msg);
  }

  toJSON(): { code: number; msg: string } {
    return { code: this.code, msg: this.message };
  }
}

export const errors = {
  mandatory: (param: string) =>
    new BinanceError(
      400,
      -1102,
      `Mandatory parameter '${param}' was not sent, was empty/null, or malformed.`,
    ),
  illegalChars: (param: string) =>
    new BinanceError(
      400,
      -1100,
      `Illegal characters found in parameter '${param}'; legal range is '^[0-9]{1,20}$'.`,
    ),
  invalidSymbol: () => new BinanceError(400, -1121, 'Invalid symbol.'),
  invalidInterval: () => new BinanceError(400, -1120, 'Invalid interval.'),
  badCombination: () => new BinanceError(400, -1128, 'Combination of optional parameters invalid.'),
  invalidParam: (param: string) =>
    new BinanceError(400, -1130, `Data sent for parameter '${param}' is not valid.`),
  invalidSymbolStatus: () => new BinanceError(400, -1122, 'Invalid symbolStatus.'),
  invalidTickerType: () => new BinanceError(400, -1139, 'Invalid ticker type.'),
  tooMuchWeight: (limit: number, window: string) =>
    new BinanceError(
      429,
      -1003,
      `Too much request weight used; current limit is ${limit} request weight per ${window}. Please use WebSocket Streams for live updates to avoid polling the API.`,
    ),
  banned: (until: number) =>
    new BinanceError(
      418,
      -1003,
      `Way too much request weight used; IP banned until ${until}. Please use WebSocket Streams for live updates to avoid bans.`,
    ),
  internal: () =>
    new BinanceError(
      500,
      -1001,
      'Internal error; unable to process your request. Please try again.',
    ),
  busy: () =>
    new BinanceError(
      503,
      -1008,
      'Server is currently overloaded with other requests. Please try again in a few minutes.',
    ),
  /** A 5xx after the request reached the engine: the order may or may not exist. */
  executionUnknown: () =>
    new BinanceError(
      503,
      -1007,
      'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
    ),
  unknownPath: () => new BinanceError(404, -1000, 'Unknown endpoint.'),
  method: () => new BinanceError(405, -1000, 'Method not allowed.'),
};
