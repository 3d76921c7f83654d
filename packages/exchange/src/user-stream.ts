// @coinview/exchange/user-stream: a key's order and balance events over Binance's WebSocket API.
export {
  accountPositionSchema,
  executionReportSchema,
  parseUserStreamEvent,
  type UserStreamEvent,
} from './user-stream/events';
export {
  UserDataStream,
  WsApiError,
  type GapInfo,
  type UserDataStreamOptions,
  type UserStreamLogger,
} from './user-stream/user-data-stream';
