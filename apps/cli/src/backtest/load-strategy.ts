// Reads a strategy JSON file and validates it with core's strategySchema, so a file error reads
// like the alert form's: "<file>: entry.left.params.period: ...".
import { readFile } from 'node:fs/promises';
import { strategySchema, type Strategy } from '@coinview/core/backtest/strategy';
import { describeRuleError } from '@coinview/core/rules/rule';

/** Fields given on the command line that replace the file's (`--symbol`, `--interval`). */
export interface StrategyOverrides {
  symbol?: string;
  interval?: string;
}

export async function loadStrategy(
  file: string,
  overrides: StrategyOverrides = {},
): Promise<Strategy> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read strategy file ${file}: ${reason(err)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not valid JSON: ${reason(err)}`);
  }
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const input =
    json !== null && typeof json === 'object' && !Array.isArray(json)
      ? { ...json, ...given }
      : json;
  const parsed = strategySchema.safeParse(input);
  if (!parsed.success) throw new Error(`${file}: ${describeRuleError(parsed.error)}`);
  return parsed.data;
}

export const reason = (err: unknown): string =>
  err instanceof Error
    ? 'code' in err && err.code === 'ENOENT'
      ? 'no such file'
      : err.message
    : String(err);
