import { addIndicator } from '@coinview/core/layout-edit';
import { defaultLayoutState, layoutStateSchema, type LayoutIndicator } from '@coinview/core/layout';
import { updateIndicator } from '@coinview/core/layout-edit';
import { describe, expect, it } from 'vitest';
import {
  checkDraft,
  draftDefaults,
  draftFromIndicator,
  outputLabel,
  parseNumberInput,
  pickColour,
  restorePatch,
} from './settings-draft';

function instance(id: string, params: Record<string, unknown> = {}): LayoutIndicator {
  const { state } = addIndicator(defaultLayoutState(), id, { params });
  const first = state.indicators[0];
  if (!first) throw new Error('not added');
  return first;
}

describe('settings draft', () => {
  it('starts from the instance, numbers as text', () => {
    const draft = draftFromIndicator({ ...instance('bb'), name: 'Wide' });
    expect(draft).toEqual({
      inputs: { period: '20', stdDev: '2', source: 'close' },
      colors: { upper: '#2962ff', middle: '#ff6d00', lower: '#2962ff' },
      visible: true,
      name: 'Wide',
    });
  });

  it('turns a valid draft into a patch that updateIndicator accepts', () => {
    const rsi = instance('rsi');
    const draft = draftFromIndicator(rsi);
    const check = checkDraft('rsi', {
      ...draft,
      inputs: { ...draft.inputs, period: ' 21 ', source: 'hlc3' },
      colors: { value: '#abcdef' },
      name: '  ',
    });
    expect(check.errors).toEqual({});
    expect(check.patch).toEqual({
      params: { period: 21, source: 'hlc3' },
      colors: { value: '#abcdef' },
      visible: true,
      name: null,
    });
    let state = addIndicator(defaultLayoutState(), 'rsi').state;
    state = updateIndicator(state, 'rsi-1', check.patch!);
    expect(layoutStateSchema.parse(state).indicators[0]?.params).toEqual({
      period: 21,
      source: 'hlc3',
    });
  });

  it('gives one message per field while the user types, from the catalogue schema', () => {
    const draft = draftFromIndicator(instance('bb'));
    const bad = (inputs: Record<string, string>) =>
      checkDraft('bb', { ...draft, inputs: { ...draft.inputs, ...inputs } });
    expect(bad({ period: '' }).errors).toEqual({ period: 'Period must be a number' });
    expect(bad({ period: '1' }).errors).toEqual({ period: 'Period must be at least 2' });
    expect(bad({ period: '2.5' }).errors).toEqual({
      period: 'Period must be a whole number of bars',
    });
    expect(bad({ period: '12abc', stdDev: '0' }).errors).toEqual({
      period: 'Period must be a number',
      stdDev: 'Standard deviations must be at least 0.001',
    });
    expect(bad({ period: '0' }).patch).toBeUndefined();
    expect(bad({ stdDev: '2,5' }).patch?.params).toMatchObject({ stdDev: 2.5 });
  });

  it('puts a cross-field rule under the field it names (MACD fast < slow)', () => {
    const draft = draftFromIndicator(instance('macd'));
    const check = checkDraft('macd', { ...draft, inputs: { ...draft.inputs, fast: '30' } });
    expect(check.errors).toEqual({ fast: 'Fast period must be shorter than the slow period' });
    expect(check.patch).toBeUndefined();
  });

  it('refuses a name that is too long and handles booleans', () => {
    const draft = draftFromIndicator(instance('patterns'));
    expect(draft.inputs).toEqual({ bullish: true, bearish: true, neutral: true });
    const check = checkDraft('patterns', {
      ...draft,
      inputs: { ...draft.inputs, neutral: false },
      name: 'x'.repeat(81),
    });
    expect(check.errors).toEqual({ name: 'A name is at most 80 characters' });
    const ok = checkDraft('patterns', { ...draft, inputs: { ...draft.inputs, neutral: false } });
    expect(ok.patch?.params).toEqual({ bullish: true, bearish: true, neutral: false });
  });

  it('resets params and colours on Defaults but keeps visibility and name', () => {
    const edited = instance('ema', { period: 200 });
    const draft = { ...draftFromIndicator(edited), visible: false, name: 'Slow' };
    const reset = draftDefaults('ema', { ...draft, colors: { value: '#000000' } });
    expect(reset).toEqual({
      inputs: { period: '20', source: 'close' },
      colors: { value: '#ff6d00' },
      visible: false,
      name: 'Slow',
    });
  });

  it('restores exactly what was there on Cancel', () => {
    const original = { ...instance('rsi', { period: 9 }), visible: false, name: 'Mine' };
    let state = addIndicator(defaultLayoutState(), 'rsi', { params: { period: 9 } }).state;
    state = updateIndicator(state, 'rsi-1', { visible: false, name: 'Mine' });
    const before = state;
    state = updateIndicator(state, 'rsi-1', {
      params: { period: 30 },
      colors: { value: '#111111' },
      visible: true,
      name: null,
    });
    state = updateIndicator(state, 'rsi-1', restorePatch(original));
    expect(state).toEqual(before);
  });
});

describe('input helpers', () => {
  it('parses numbers as traders type them', () => {
    expect(parseNumberInput('14')).toBe(14);
    expect(parseNumberInput(' 0,5 ')).toBe(0.5);
    expect(parseNumberInput('.25')).toBe(0.25);
    expect(parseNumberInput('1e2')).toBe(100);
    expect(parseNumberInput('')).toBeNaN();
    expect(parseNumberInput('14px')).toBeNaN();
    expect(parseNumberInput('0x10')).toBeNaN();
  });

  it('keeps a colour’s transparency when a new one is picked', () => {
    expect(pickColour('#2962ff80', '#ff0000')).toBe('#ff000080');
    expect(pickColour('#2962ff', '#ff0000')).toBe('#ff0000');
  });

  it('names outputs the way the Style tab shows them', () => {
    expect(['upper', 'signal', 'k', 'plusDI', 'value'].map(outputLabel)).toEqual([
      'Upper',
      'Signal',
      '%K',
      '+DI',
      'Line',
    ]);
  });
});
