// Turns a rule's condition into a tree of test objects over series readers, once, when the rule
// is added: the per-bar work is then reading numbers and comparing them, with no parsing or
// lookups. Indicator readers take their instance from the market's shared bank.
import {
  AllTest,
  AnyTest,
  ChannelTest,
  CompareLevelTest,
  CompareTest,
  CrossLevelTest,
  CrossTest,
  MovingTest,
  MovingWindow,
  type Test,
} from './conditions';
import { settleBars, type IndicatorBank, type IndicatorSlot } from './indicator-bank';
import { indicatorOutputLabel, operandLabel, priceLabel } from './labels';
import type { Channel, Comparison, Condition, Operand } from './rule';
import {
  ConstantSeries,
  LineSeries,
  type EvalContext,
  type Series,
  type SeriesCache,
} from './series';

export interface CompiledCondition {
  root: Test;
  /** Equal keys = the same condition on the same series: rules sharing it share one evaluation. */
  key: string;
  /** Every slot acquired (once per acquire, to release them one by one). */
  slots: IndicatorSlot[];
  /** Slots this rule created: they need warming from the book's history. */
  created: IndicatorSlot[];
  windows: MovingWindow[];
  /** Labelled series whose current values a fire reports (labels unique). */
  labelled: Series[];
  /** Closed bars this rule needs to be warm. */
  warmup: number;
}

class Compiler {
  readonly slots: IndicatorSlot[] = [];
  readonly created: IndicatorSlot[] = [];
  readonly windows: MovingWindow[] = [];
  readonly labelled: Series[] = [];
  warmup = 2;
  private constants = 0;

  constructor(
    private readonly bank: IndicatorBank,
    private readonly cache: SeriesCache,
    private readonly ctx: EvalContext,
  ) {}

  private label(s: Series): Series {
    if (!this.labelled.some((l) => l.label === s.label)) this.labelled.push(s);
    return s;
  }

  operand(op: Operand): Series {
    switch (op.kind) {
      case 'value': {
        // Distinct constants get distinct labels: Value, Value 2…
        const same = this.labelled.find((l) => l instanceof ConstantSeries && l.value === op.value);
        if (same) return same;
        this.constants++;
        const label = this.constants === 1 ? 'Value' : `Value ${this.constants}`;
        return this.label(new ConstantSeries(label, op.value));
      }
      case 'price':
        return this.label(this.cache.price(priceLabel(op.field), op.field));
      case 'indicator':
        return this.label(this.indicator(op.id, op.params, op.output));
      case 'line':
        return this.label(new LineSeries(operandLabel(op), op.line, this.ctx));
    }
  }

  indicator(id: string, params: Record<string, unknown>, output: string): Series {
    const { slot, created } = this.bank.acquire(id, params);
    this.slots.push(slot);
    if (created) this.created.push(slot);
    this.warmup = Math.max(this.warmup, settleBars(slot.lookback));
    const label = indicatorOutputLabel(id, params, output);
    return this.cache.indicator(label, slot, output, id, params);
  }

  channel(channel: Channel): [Series, Series] {
    if (channel.kind === 'lines') return [this.operand(channel.upper), this.operand(channel.lower)];
    return [
      this.label(this.indicator(channel.id, channel.params, 'upper')),
      this.label(this.indicator(channel.id, channel.params, 'lower')),
    ];
  }

  /** Canonical text of the condition, built while compiling it. */
  key = '';

  comparison(c: Comparison): Test {
    const left = this.operand(c.left);
    this.key += `${c.op}(${left.key}`;
    const test = this.comparisonTest(c, left);
    this.key += ')';
    return test;
  }

  private comparisonTest(c: Comparison, left: Series): Test {
    if ('right' in c) {
      const right = this.operand(c.right);
      this.key += `,${right.key}`;
      const compare = c.op === 'greater-than' || c.op === 'less-than';
      if (c.right.kind === 'value')
        return compare
          ? new CompareLevelTest(left, c.right.value, c.op === 'greater-than')
          : new CrossLevelTest(
              left,
              c.right.value,
              c.op !== 'crosses-below',
              c.op !== 'crosses-above',
            );
      if (compare) return new CompareTest(left, right, c.op === 'greater-than');
      return new CrossTest(left, right, c.op !== 'crosses-below', c.op !== 'crosses-above');
    }
    if ('channel' in c) {
      const [upper, lower] = this.channel(c.channel);
      this.key += `,${upper.key},${lower.key}`;
      return new ChannelTest(c.op, left, upper, lower);
    }
    this.key += `,${c.unit},${c.by},${c.bars}`;
    const window = new MovingWindow(left, c.bars);
    this.windows.push(window);
    this.warmup = Math.max(this.warmup, settleBars(left.lookback) + c.bars + 1);
    return new MovingTest(window, c.op === 'moving-up', c.unit === 'percent', c.by, this.ctx);
  }

  node(c: Condition): Test {
    if (!('all' in c) && !('any' in c)) return this.comparison(c);
    const items = 'all' in c ? c.all : c.any;
    if (items.length === 1) return this.node(items[0]!);
    this.key += 'all' in c ? 'all[' : 'any[';
    const parts = items.map((x, i) => {
      if (i > 0) this.key += ',';
      return this.node(x);
    });
    this.key += ']';
    return 'all' in c ? new AllTest(parts) : new AnyTest(parts);
  }
}

export function compileCondition(
  condition: Condition,
  bank: IndicatorBank,
  cache: SeriesCache,
): CompiledCondition {
  const c = new Compiler(bank, cache, cache.ctx);
  const root = c.node(condition);
  return {
    root,
    key: c.key,
    slots: c.slots,
    created: c.created,
    windows: c.windows,
    labelled: c.labelled,
    warmup: c.warmup,
  };
}
