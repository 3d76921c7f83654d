'use client';
// The new-backtest form: market, range, entry and exit conditions in the alerts' condition builder
// (or the entry taken from one of the user's alert rules), sizing, costs, stops, fill timing and
// capital. The strategy is checked with core's schema before it is sent (the server's messages),
// and whatever the server refuses is shown next to the field it is about, or above the button.
import { strategySchema } from '@coinview/core/backtest/strategy';
import { parseSweep, sweepSchema } from '@coinview/core/backtest/sweep';
import { walkForwardSchema } from '@coinview/core/backtest/walk-forward';
import { INTERVALS, type Interval } from '@coinview/core/interval';
import { Button } from '@coinview/ui/button';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { toast } from 'sonner';
import { FormAlert } from '~/components/form-alert';
import { useTimeZone } from '~/components/time-zone';
import { useTRPC } from '~/trpc/react';
import { ConditionGroupEditor } from '../alerts/condition-group-editor';
import { CheckField, InputField, SelectField } from '../alerts/form-controls';
import {
  defaultStrategyDraft,
  draftFromAlert,
  draftRange,
  draftToStrategy,
  noErrors,
  serverStrategyErrors,
  strategyErrors,
  type RangePreset,
  type StrategyDraft,
  type StrategyErrors,
} from './strategy-draft';
import { draftToSweep, emptySweepDraft, type SweepDraft } from './sweep-draft';
import { SweepFields } from './sweep-fields';

const RANGE_LABELS: Record<RangePreset, string> = {
  '1M': '1 month',
  '3M': '3 months',
  '1Y': '1 year',
  custom: 'Custom',
};
const SIZING = {
  percentOfEquity: { label: 'Percent of equity', unit: '% of equity' },
  quote: { label: 'Quote amount', unit: 'Amount (quote asset)' },
  quantity: { label: 'Quantity', unit: 'Quantity (base asset)' },
} as const;

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="flex flex-col gap-3 rounded-lg border border-line bg-panel p-4">
      <legend className="px-1 text-sm font-semibold text-fg-strong">{title}</legend>
      {children}
    </fieldset>
  );
}

export function BacktestForm({ onCreated }: { onCreated: (id: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const timeZone = useTimeZone();
  const listId = useId();
  const [draft, setDraft] = useState<StrategyDraft>(() => defaultStrategyDraft());
  const [errors, setErrors] = useState<StrategyErrors>(noErrors);
  const [formError, setFormError] = useState<string | null>(null);
  const [alertNote, setAlertNote] = useState<string | null>(null);
  const [sweep, setSweep] = useState<SweepDraft>(emptySweepDraft);
  const [sweepErrors, setSweepErrors] = useState<Record<string, string>>({});
  const strategyInput = useMemo(() => draftToStrategy(draft), [draft]);
  const symbols = useQuery({ ...trpc.market.symbols.queryOptions(), staleTime: 3_600_000 });
  const alerts = useQuery(trpc.alerts.list.queryOptions());

  const onSuccess = ({ id }: { id: string }) => {
    void queryClient.invalidateQueries({ queryKey: trpc.backtests.list.queryKey() });
    toast.success(sweep.enabled ? 'Sweep started' : 'Backtest started', {
      description: `${draft.symbol} · ${draft.interval}`,
    });
    onCreated(id);
  };
  const onError = (err: unknown) => {
    if (err instanceof TRPCClientError) {
      const data = err.data as
        { zodError?: { fieldErrors?: Record<string, string[]> } } | undefined;
      const fieldErrors = data?.zodError?.fieldErrors ?? {};
      setErrors(serverStrategyErrors(fieldErrors));
      const sweepProblem = Object.entries(fieldErrors).find(([k]) =>
        /^(sweep|walkForward)\b/.test(k),
      );
      if (sweepProblem?.[1]?.[0]) setSweepErrors({ parameters: sweepProblem[1][0] });
      // The server's message names every problem (the fields show theirs in place too).
      setFormError(err.message);
    } else setFormError(err instanceof Error ? err.message : 'Something went wrong');
  };
  const create = useMutation(trpc.backtests.create.mutationOptions({ onSuccess, onError }));
  const createSweep = useMutation(
    trpc.backtests.createSweep.mutationOptions({ onSuccess, onError }),
  );

  const set = <K extends keyof StrategyDraft>(key: K, value: StrategyDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const f = errors.fields;

  function fromAlert(id: string) {
    const rule = alerts.data?.find((a) => a.id === id);
    if (!rule) return;
    const next = draftFromAlert(draft, rule.definition);
    if (!next) {
      setAlertNote(`“${rule.name}” nests condition groups the builder cannot show.`);
      return;
    }
    setDraft(next);
    setErrors(noErrors);
    setAlertNote(`Entry from “${rule.name}”: ${rule.description}`);
  }

  /** Sweep problems by key ("parameters.0.to", "windows"); empty when the sweep is fine. */
  function checkSweep(): Record<string, string> {
    const out: Record<string, string> = {};
    const { sweep: input, walkForward } = draftToSweep(sweep);
    const add = (issues: readonly { path: PropertyKey[]; message: string }[]) => {
      for (const i of issues) out[i.path.map(String).join('.') || 'parameters'] ??= i.message;
    };
    const checked = sweepSchema.safeParse(input);
    if (!checked.success) add(checked.error.issues);
    if (walkForward) {
      const wf = walkForwardSchema.safeParse(walkForward);
      if (!wf.success) add(wf.error.issues);
    }
    if (checked.success && !Object.keys(out).length)
      try {
        parseSweep(input, strategyInput);
      } catch (err) {
        out.parameters = err instanceof Error ? err.message.replace(/^Sweep: /, '') : String(err);
      }
    return out;
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const strategy = strategyInput;
    const checked = strategySchema.safeParse(strategy);
    const local = checked.success
      ? { ...noErrors, fields: {} }
      : strategyErrors(checked.error.issues);
    const range = draftRange(draft, Date.now(), timeZone);
    if ('error' in range) local.fields = { ...local.fields, range: range.error };
    const sweepProblems = sweep.enabled && checked.success ? checkSweep() : {};
    setErrors(local);
    setSweepErrors(sweepProblems);
    if (!checked.success || 'error' in range || Object.keys(sweepProblems).length) {
      setFormError('Fix the highlighted fields.');
      return;
    }
    const input = {
      name: draft.name.trim() || undefined,
      strategy,
      from: range.from,
      to: range.to,
    };
    if (sweep.enabled) createSweep.mutate({ ...input, ...draftToSweep(sweep) });
    else create.mutate(input);
  }

  return (
    <form onSubmit={submit} noValidate aria-label="New backtest" className="flex flex-col gap-4">
      <Section title="Market and range">
        <div className="grid grid-cols-[minmax(0,1fr)_7rem] gap-2">
          <InputField
            label="Symbol"
            list={listId}
            value={draft.symbol}
            autoCapitalize="characters"
            spellCheck={false}
            error={f.symbol}
            onChange={(e) => set('symbol', e.target.value.toUpperCase().trim())}
          />
          <datalist id={listId}>
            {symbols.data?.slice(0, 2000).map((sym) => (
              <option key={sym.symbol} value={sym.symbol} />
            ))}
          </datalist>
          <SelectField
            label="Interval"
            value={draft.interval}
            error={f.interval}
            onChange={(e) => set('interval', e.target.value as Interval)}
          >
            {INTERVALS.map((i) => (
              <option key={i} value={i}>
                {i}
              </option>
            ))}
          </SelectField>
        </div>
        <div role="radiogroup" aria-label="Date range" className="flex flex-wrap gap-1">
          {(Object.keys(RANGE_LABELS) as RangePreset[]).map((r) => (
            <button
              key={r}
              type="button"
              role="radio"
              aria-checked={draft.range === r}
              onClick={() => set('range', r)}
              className={
                draft.range === r
                  ? 'h-7 rounded-md border border-accent bg-accent/15 px-2.5 text-sm text-fg-strong'
                  : 'h-7 rounded-md border border-line-strong px-2.5 text-sm text-muted hover:text-fg'
              }
            >
              {RANGE_LABELS[r]}
            </button>
          ))}
        </div>
        {draft.range === 'custom' && (
          <div className="grid gap-2 sm:grid-cols-2">
            <InputField
              label={`From (${timeZone})`}
              type="date"
              value={draft.from}
              onChange={(e) => set('from', e.target.value)}
            />
            <InputField
              label="To (inclusive)"
              type="date"
              value={draft.to}
              onChange={(e) => set('to', e.target.value)}
            />
          </div>
        )}
        {f.range || f.from || f.to ? (
          <p className="text-xs text-down">{f.range ?? f.from ?? f.to}</p>
        ) : null}
      </Section>

      <Section title="Entry: buy when">
        <SelectField
          label="Start from an alert rule"
          value=""
          disabled={!alerts.data?.length}
          onChange={(e) => fromAlert(e.target.value)}
        >
          <option value="">
            {alerts.isPending
              ? 'Loading your alerts…'
              : alerts.data?.length
                ? 'Choose one of your alerts…'
                : 'You have no alert rules'}
          </option>
          {alerts.data?.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} · {a.definition.symbol} {a.definition.interval}
            </option>
          ))}
        </SelectField>
        {alertNote ? <p className="text-xs text-muted">{alertNote}</p> : null}
        <ConditionGroupEditor
          label="Entry conditions"
          combineLabel="Buy when"
          value={draft.entry}
          onChange={(entry) => set('entry', entry)}
          errors={errors.entry}
        />
      </Section>

      <Section title="Exit: sell when">
        <ConditionGroupEditor
          label="Exit conditions"
          combineLabel="Sell when"
          value={draft.exit}
          onChange={(exit) => set('exit', exit)}
          errors={errors.exit}
        />
      </Section>

      <Section title="Orders and costs">
        <div className="grid gap-2 sm:grid-cols-2">
          <SelectField
            label="Size each entry by"
            value={draft.sizing}
            onChange={(e) => set('sizing', e.target.value as StrategyDraft['sizing'])}
          >
            {Object.entries(SIZING).map(([v, { label }]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </SelectField>
          <InputField
            label={SIZING[draft.sizing].unit}
            type="number"
            step="any"
            min={0}
            value={draft.sizingValue}
            error={f.sizing}
            onChange={(e) => set('sizingValue', e.target.value)}
          />
          <InputField
            label="Commission (% per fill)"
            type="number"
            step="any"
            min={0}
            value={draft.commissionPct}
            error={f.commissionPct}
            onChange={(e) => set('commissionPct', e.target.value)}
          />
          <InputField
            label="Initial capital (quote asset)"
            type="number"
            step="any"
            min={0}
            value={draft.initialCapital}
            error={f.initialCapital}
            onChange={(e) => set('initialCapital', e.target.value)}
          />
          <SelectField
            label="Slippage in"
            value={draft.slippageUnit}
            onChange={(e) => set('slippageUnit', e.target.value as 'percent' | 'ticks')}
          >
            <option value="percent">Percent of the price</option>
            <option value="ticks">Ticks</option>
          </SelectField>
          <div className="grid grid-cols-2 gap-2">
            <InputField
              label={draft.slippageUnit === 'percent' ? 'Slippage (%)' : 'Slippage (ticks)'}
              className={draft.slippageUnit === 'percent' ? 'col-span-2' : undefined}
              type="number"
              step="any"
              min={0}
              value={draft.slippage}
              error={f.slippage}
              onChange={(e) => set('slippage', e.target.value)}
            />
            {draft.slippageUnit === 'ticks' && (
              <InputField
                label="Tick size"
                type="number"
                step="any"
                min={0}
                value={draft.tickSize}
                error={f.tickSize}
                onChange={(e) => set('tickSize', e.target.value)}
              />
            )}
          </div>
          <InputField
            label="Stop-loss (% below entry, optional)"
            type="number"
            step="any"
            min={0}
            value={draft.stopLossPct}
            error={f.stopLossPct}
            onChange={(e) => set('stopLossPct', e.target.value)}
          />
          <InputField
            label="Take-profit (% above entry, optional)"
            type="number"
            step="any"
            min={0}
            value={draft.takeProfitPct}
            error={f.takeProfitPct}
            onChange={(e) => set('takeProfitPct', e.target.value)}
          />
          <SelectField
            label="Fill a signal at"
            className="sm:col-span-2"
            value={draft.fill}
            error={f.fill}
            onChange={(e) => set('fill', e.target.value as StrategyDraft['fill'])}
          >
            <option value="nextOpen">The next bar’s open (default)</option>
            <option value="close">The signal bar’s close</option>
          </SelectField>
        </div>
      </Section>

      <Section title="Sweep parameters (optional)">
        <CheckField
          label="Run every combination of ranges instead of one backtest"
          checked={sweep.enabled}
          onChange={(enabled) => setSweep((s) => ({ ...s, enabled }))}
        />
        {sweep.enabled ? (
          <SweepFields
            strategy={strategyInput}
            value={sweep}
            onChange={setSweep}
            errors={sweepErrors}
          />
        ) : null}
      </Section>

      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <InputField
          label="Name (optional)"
          className="flex-1"
          maxLength={80}
          placeholder="Named after the market and range"
          value={draft.name}
          error={f.name}
          onChange={(e) => set('name', e.target.value)}
        />
        <Button
          type="submit"
          loading={create.isPending || createSweep.isPending}
          data-testid="run-backtest"
        >
          {sweep.enabled ? 'Run sweep' : 'Run backtest'}
        </Button>
      </div>
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      {f.strategy ? <FormAlert>{f.strategy}</FormAlert> : null}
    </form>
  );
}
