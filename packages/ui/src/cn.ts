/** Joins class names, skipping the falsy ones: cn('btn', active && 'btn-active'). */
export function cn(...classes: ReadonlyArray<string | false | null | undefined | 0>): string {
  return classes.filter(Boolean).join(' ');
}
