'use client';
// The exchange's symbols (market.symbols), fetched once per page and kept for an hour like the
// server's own cache; `useSymbolInfo` picks one symbol's precision and assets for the chart.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react';

const HOUR = 3_600_000;

export function useSymbols() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.market.symbols.queryOptions(), staleTime: HOUR, gcTime: HOUR });
}

export type SymbolInfo = NonNullable<ReturnType<typeof useSymbols>['data']>[number];

/** { symbol, baseAsset, quoteAsset, pricePrecision, quantityPrecision, tickSize }, or undefined while loading or for an unlisted symbol. */
export function useSymbolInfo(symbol: string): SymbolInfo | undefined {
  const { data } = useSymbols();
  return data?.find((s) => s.symbol === symbol);
}
