// The text of a WebSocket message as `ws` hands it over (a Buffer by default; an ArrayBuffer or a
// list of fragments with other `binaryType`s, which `String(data)` would garble). The worker's
// side has the same decoder in @coinview/exchange/ws-frame; exchange-sim keeps its own because
// @coinview/exchange tests against exchange-sim and the dependency may not go both ways.
import type { RawData } from 'ws';

export function frameText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
