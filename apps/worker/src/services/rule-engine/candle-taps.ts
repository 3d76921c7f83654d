// How the rule engine hears the worker's own candle flow, in process: the market feed is given a
// candle store and a publisher wrapped here. A closed candle reaches the engine only once the
// store has it (the feed stores closes before it publishes them, backfilled pages included); a
// forming candle reaches it as the feed publishes it. The feed itself is unchanged.
import type { Candle } from '@coinview/core/candle';
import type { EventPublisher } from '@coinview/core/ports';
import { isCandleTopic } from '@coinview/db/bus-topics';
import type { CandleStore } from '../../adapters/candle-store';

export interface CandleListener {
  /** Closed candles just stored (one market per call, oldest first). */
  onClosed(candles: readonly Candle[]): void;
  /** A forming candle just published. */
  onForming(candle: Candle): void;
}

export function tapCandleStore(store: CandleStore, listener: CandleListener): CandleStore {
  return {
    lastOpenTime: (symbol, interval) => store.lastOpenTime(symbol, interval),
    async upsert(candles) {
      const changed = await store.upsert(candles);
      const closed = candles.filter((c) => c.closed);
      if (closed.length > 0) listener.onClosed(closed);
      return changed;
    },
  };
}

export function tapPublisher(publisher: EventPublisher, listener: CandleListener): EventPublisher {
  return {
    publish(topic, payload) {
      if (isCandleTopic(topic) && isFormingCandle(payload)) listener.onForming(payload);
      return publisher.publish(topic, payload);
    },
  };
}

function isFormingCandle(payload: unknown): payload is Candle {
  return (
    typeof payload === 'object' &&
    payload !== null &&
    (payload as Partial<Candle>).closed === false &&
    typeof (payload as Partial<Candle>).openTime === 'number'
  );
}
