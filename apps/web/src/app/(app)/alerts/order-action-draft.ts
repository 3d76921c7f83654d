// The alert form's optional order action as typed (strings while editing) and its translation to
// and from core's OrderAction (`@coinview/core/trading/order-action`), which the server validates
// again. An alert without an action only notifies.
import { orderActionSchema, type OrderAction } from '@coinview/core/trading/order-action';

export interface OrderActionDraft {
  enabled: boolean;
  side: 'BUY' | 'SELL';
  type: 'MARKET' | 'LIMIT';
  /** Percent from the trigger price, signed ("-0.5" = 0.5% below). */
  limitOffsetPercent: string;
  amountKind: 'base' | 'quote' | 'percentOfFree';
  amount: string;
  /** 'paper' or 'key:<id>'. */
  account: string;
  /** Empty: no maximum. */
  maxPosition: string;
}

export const NO_ORDER_ACTION: OrderActionDraft = {
  enabled: false,
  side: 'BUY',
  type: 'MARKET',
  limitOffsetPercent: '-0.5',
  amountKind: 'quote',
  amount: '',
  account: 'paper',
  maxPosition: '',
};

/** What the form sends: null when the alert does not trade. */
export function draftToOrderAction(draft: OrderActionDraft): unknown {
  if (!draft.enabled) return null;
  const account =
    draft.account === 'paper'
      ? { kind: 'paper' as const }
      : { kind: 'binance' as const, keyId: draft.account.slice(4) };
  return {
    side: draft.side,
    type: draft.type,
    ...(draft.type === 'LIMIT' ? { limitOffsetPercent: draft.limitOffsetPercent.trim() } : {}),
    amount: { kind: draft.amountKind, value: draft.amount.trim() },
    account,
    ...(draft.maxPosition.trim() ? { maxPosition: draft.maxPosition.trim() } : {}),
  };
}

/** The form's draft of a stored action (anything that is not a valid action: none). */
export function orderActionToDraft(stored: unknown): OrderActionDraft {
  const parsed = orderActionSchema.safeParse(stored);
  if (!parsed.success) return NO_ORDER_ACTION;
  const action: OrderAction = parsed.data;
  return {
    enabled: true,
    side: action.side,
    type: action.type,
    limitOffsetPercent: action.limitOffsetPercent ?? NO_ORDER_ACTION.limitOffsetPercent,
    amountKind: action.amount.kind,
    amount: action.amount.value,
    account: action.account.kind === 'paper' ? 'paper' : `key:${action.account.keyId}`,
    maxPosition: action.maxPosition ?? '',
  };
}

const FIELDS = ['amount', 'limitOffsetPercent', 'account', 'maxPosition'] as const;

/**
 * The order action's errors per field of the section, from the form's errors keyed by path
 * ("orderAction.amount.value" → amount); anything else shows under the section.
 */
export function orderActionErrors(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    if (path !== 'orderAction' && !path.startsWith('orderAction.')) continue;
    const field = FIELDS.find((f) => path.split('.')[1] === f) ?? 'orderAction';
    out[field] ??= message;
  }
  return out;
}

/** Local check before sending, with the server's schema: errors keyed like the server's. */
export function checkOrderAction(draft: OrderActionDraft): Record<string, string> {
  const action = draftToOrderAction(draft);
  if (action === null) return {};
  const parsed = orderActionSchema.safeParse(action);
  if (parsed.success) return {};
  const out: Record<string, string> = {};
  for (const issue of parsed.error.issues)
    out[['orderAction', ...issue.path].join('.')] ??= issue.message;
  return out;
}
