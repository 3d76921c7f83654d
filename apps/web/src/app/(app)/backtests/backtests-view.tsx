'use client';
// The /backtests page: the user's runs on the side (live progress over backtests.live), and in the
// main column the new-backtest form, an open run's result, or the comparison of two runs.
import { Button } from '@coinview/ui/button';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FormAlert } from '~/components/form-alert';
import { useTRPC } from '~/trpc/react';
import { BacktestForm } from './backtest-form';
import { CompareView } from './compare-view';
import { ResultView } from './result-view';
import { RunsList } from './runs-list';
import { useBacktestEvents } from './use-backtest-events';

type Main =
  { kind: 'new' } | { kind: 'run'; id: string } | { kind: 'compare'; a: string; b: string };

export function BacktestsView() {
  const trpc = useTRPC();
  const runs = useQuery(trpc.backtests.list.queryOptions());
  const [main, setMain] = useState<Main>({ kind: 'new' });
  const [compare, setCompare] = useState<string[]>([]);
  useBacktestEvents();

  const openId = main.kind === 'run' ? main.id : null;
  const [a, b] = compare;

  return (
    <div className="grid gap-6 lg:grid-cols-[340px_minmax(0,1fr)]">
      <aside className="flex flex-col gap-3 lg:sticky lg:top-4 lg:self-start">
        <div className="flex items-center justify-between gap-2">
          <h2 className="text-base font-semibold text-fg-strong">Your runs</h2>
          <Button size="sm" onClick={() => setMain({ kind: 'new' })} data-testid="new-backtest">
            New backtest
          </Button>
        </div>
        <section
          aria-label="Saved backtests"
          aria-busy={runs.isFetching}
          className="overflow-hidden rounded-lg border border-line bg-panel lg:max-h-[calc(100dvh-12rem)] lg:overflow-y-auto"
        >
          {runs.isPending ? (
            <div aria-label="Loading backtests" className="space-y-2 p-4">
              {[0, 1, 2].map((i) => (
                <div key={i} className="h-10 animate-pulse rounded bg-raised" />
              ))}
            </div>
          ) : runs.isError ? (
            <div className="p-4">
              <FormAlert>Could not load your backtests: {runs.error.message}</FormAlert>
              <Button variant="secondary" className="mt-3" onClick={() => void runs.refetch()}>
                Retry
              </Button>
            </div>
          ) : (
            <RunsList
              runs={runs.data}
              openId={openId}
              onOpen={(id) => setMain({ kind: 'run', id })}
              compare={compare}
              onCompareChange={setCompare}
              onDeleted={(id) => {
                setCompare((c) => c.filter((x) => x !== id));
                if (openId === id) setMain({ kind: 'new' });
              }}
            />
          )}
        </section>
        {compare.length > 0 ? (
          <div className="flex items-center justify-between gap-2 text-sm text-muted">
            <span>{compare.length === 2 ? 'Two runs ticked' : 'Tick one more finished run'}</span>
            <Button
              size="sm"
              variant="secondary"
              disabled={!a || !b}
              data-testid="compare-runs"
              onClick={() => a && b && setMain({ kind: 'compare', a, b })}
            >
              Compare
            </Button>
          </div>
        ) : null}
      </aside>
      <div className="min-w-0">
        {main.kind === 'new' ? (
          <BacktestForm onCreated={(id) => setMain({ kind: 'run', id })} />
        ) : main.kind === 'run' ? (
          <ResultView key={main.id} id={main.id} />
        ) : (
          <CompareView a={main.a} b={main.b} onClose={() => setMain({ kind: 'new' })} />
        )}
      </div>
    </div>
  );
}
