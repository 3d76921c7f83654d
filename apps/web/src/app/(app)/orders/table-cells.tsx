// Cells the orders page's tables share (orders, fills, balances, positions, closed trades): header
// cells aligned like the values under them — text left, amounts right — and amount cells that show
// a decimal as a trader reads it.
import { cn } from '@coinview/ui/cn';
import type { TdHTMLAttributes } from 'react';
import { formatAmount } from './format';

export interface Column {
  label: string;
  /** An amount column: right-aligned, so that decimals line up. */
  amount?: boolean;
  /** Read by screen readers only (the column of a button). */
  srOnly?: boolean;
}

export const textColumns = (...labels: string[]): Column[] => labels.map((label) => ({ label }));
export const amountColumns = (...labels: string[]): Column[] =>
  labels.map((label) => ({ label, amount: true }));
export const hiddenColumn = (label: string): Column => ({ label, srOnly: true });

/** A header row's cells: `className` on every one, `amountClassName` too on amount columns. */
export function HeaderCells({
  columns,
  className,
  amountClassName,
}: {
  columns: readonly Column[];
  className?: string;
  amountClassName?: string;
}) {
  return columns.map((column) => (
    <th
      key={column.label}
      scope="col"
      className={cn(className, column.amount ? cn('text-right', amountClassName) : 'text-left')}
    >
      {column.srOnly ? <span className="sr-only">{column.label}</span> : column.label}
    </th>
  ));
}

/** A right-aligned amount (a dash when there is none); `decimals` rounds derived figures. */
export function AmountCell({
  value,
  decimals,
  className,
  ...rest
}: {
  value: string | null | undefined;
  decimals?: number;
  className?: string;
} & Omit<TdHTMLAttributes<HTMLTableCellElement>, 'children' | 'className'>) {
  return (
    <td className={cn('text-right', className)} {...rest}>
      {formatAmount(value, decimals)}
    </td>
  );
}
