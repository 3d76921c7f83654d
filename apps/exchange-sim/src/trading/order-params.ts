// Parameters of the trading endpoints, checked the way Binance checks them and refused with its
// codes (errors.md): -1102 missing, -1100 illegal characters, -1111 too much precision, -1116/-1117/
// -1115 bad enums, -1106 a parameter the order type does not take. Shared by REST (query + body)
// and the WebSocket API (JSON params, turned into the same strings).
import { DECIMALS, toUnits } from '../data/decimal';
import { BinanceError, errors } from '../rest/binance-error';
import type { RespType, Side, SimOrderType, TimeInForce } from './sim-order';

export type Params = ReadonlyMap<string, string>;

const DECIMAL_RANGE = '^([0-9]{1,20})(\\.[0-9]{1,20})?$';
const CLIENT_ID = /^[a-zA-Z0-9-_]{1,36}$/;

export function required(params: Params, name: string): string {
  const v = params.get(name);
  if (v === undefined || v === '') throw errors.mandatory(name);
  return v;
}

export function decimalParam(params: Params, name: string): bigint | undefined {
  const v = params.get(name);
  if (v === undefined || v === '') return undefined;
  if (!new RegExp(DECIMAL_RANGE).test(v))
    throw new BinanceError(
      400,
      -1100,
      `Illegal characters found in parameter '${name}'; legal range is '${DECIMAL_RANGE}'.`,
    );
  const dot = v.indexOf('.');
  if (dot >= 0 && v.slice(dot + 1).replace(/0+$/, '').length > DECIMALS)
    throw new BinanceError(400, -1111, `Parameter '${name}' has too much precision.`);
  return toUnits(dot >= 0 ? v.slice(0, dot + 1 + DECIMALS) : v);
}

export function integerParam(params: Params, name: string): number | undefined {
  const v = params.get(name);
  if (v === undefined || v === '') return undefined;
  if (!/^[0-9]{1,20}$/.test(v)) throw errors.illegalChars(name);
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw errors.invalidParam(name);
  return n;
}

export function clientIdParam(params: Params, name: string): string | undefined {
  const v = params.get(name);
  if (v === undefined || v === '') return undefined;
  if (!CLIENT_ID.test(v))
    throw new BinanceError(
      400,
      -1100,
      `Illegal characters found in parameter '${name}'; legal range is '${CLIENT_ID.source}'.`,
    );
  return v;
}

export interface NewOrder {
  symbol: string;
  side: Side;
  type: SimOrderType;
  timeInForce: TimeInForce;
  quantity?: bigint;
  quoteOrderQty?: bigint;
  price?: bigint;
  clientOrderId?: string;
  respType: RespType;
}

const notRequired = (name: string) =>
  new BinanceError(400, -1106, `Parameter '${name}' sent when not required.`);

export function parseNewOrder(params: Params, hasSymbol: (s: string) => boolean): NewOrder {
  const symbol = required(params, 'symbol');
  if (!hasSymbol(symbol)) throw errors.invalidSymbol();
  const side = required(params, 'side');
  if (side !== 'BUY' && side !== 'SELL') throw new BinanceError(400, -1117, 'Invalid side.');
  const type = required(params, 'type');
  if (type !== 'MARKET' && type !== 'LIMIT' && type !== 'LIMIT_MAKER')
    throw new BinanceError(400, -1116, 'Invalid orderType.');
  const quantity = decimalParam(params, 'quantity');
  const quoteOrderQty = decimalParam(params, 'quoteOrderQty');
  const price = decimalParam(params, 'price');
  const tif = params.get('timeInForce');
  const respType = params.get('newOrderRespType') ?? 'FULL';
  if (respType !== 'ACK' && respType !== 'RESULT' && respType !== 'FULL')
    throw errors.invalidParam('newOrderRespType');
  const clientOrderId = clientIdParam(params, 'newClientOrderId');

  if (type === 'MARKET') {
    if (quantity === undefined && quoteOrderQty === undefined)
      throw new BinanceError(
        400,
        -1102,
        "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!",
      );
    if (quantity !== undefined && quoteOrderQty !== undefined) throw errors.badCombination();
    if (price !== undefined) throw notRequired('price');
    if (tif !== undefined)
      throw new BinanceError(400, -1114, 'TimeInForce parameter sent when not required.');
    return {
      symbol,
      side,
      type,
      timeInForce: 'GTC',
      quantity,
      quoteOrderQty,
      clientOrderId,
      respType,
    };
  }
  if (quoteOrderQty !== undefined) throw notRequired('quoteOrderQty');
  if (quantity === undefined) throw errors.mandatory('quantity');
  if (price === undefined) throw errors.mandatory('price');
  if (type === 'LIMIT_MAKER') {
    if (tif !== undefined)
      throw new BinanceError(400, -1114, 'TimeInForce parameter sent when not required.');
    return { symbol, side, type, timeInForce: 'GTC', quantity, price, clientOrderId, respType };
  }
  if (tif === undefined) throw errors.mandatory('timeInForce');
  if (tif !== 'GTC' && tif !== 'IOC' && tif !== 'FOK')
    throw new BinanceError(400, -1115, 'Invalid timeInForce.');
  return { symbol, side, type, timeInForce: tif, quantity, price, clientOrderId, respType };
}

/** orderId or origClientOrderId, as GET and DELETE /api/v3/order take them. */
export function orderRef(params: Params): { orderId?: number; clientOrderId?: string } {
  const orderId = integerParam(params, 'orderId');
  const clientOrderId = clientIdParam(params, 'origClientOrderId');
  if (orderId === undefined && clientOrderId === undefined)
    throw new BinanceError(
      400,
      -1102,
      "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!",
    );
  return { orderId, clientOrderId };
}
