// The text of a WebSocket message as `ws` hands it over. Its `RawData` is a Buffer by default,
// but an ArrayBuffer or a list of fragments with other `binaryType`s; `String(data)` would turn
// those into "[object ArrayBuffer]" or comma-joined chunks, so every reader decodes through here.

/** `ws`'s RawData, spelled out so this module needs no `ws` import. */
export type WsRawData = Buffer | ArrayBuffer | Buffer[];

/** The UTF-8 text of a message, whatever form `ws` delivered it in. */
export function frameText(data: WsRawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
