// The app's button. Styled with Tailwind classes: the app's CSS must scan this package
// (`@source` in its global stylesheet) for them to be generated.
import type { ButtonHTMLAttributes, Ref } from 'react';
import { cn } from './cn';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger';
export type ButtonSize = 'sm' | 'md';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Disables the button and marks it busy while an action runs. */
  loading?: boolean;
  ref?: Ref<HTMLButtonElement>;
}

const variants: Record<ButtonVariant, string> = {
  primary: 'bg-[#2962ff] text-white hover:bg-[#1e53e5] focus-visible:outline-[#2962ff]',
  secondary:
    'border border-[#2a2e39] bg-[#1e222d] text-[#d1d4dc] hover:bg-[#2a2e39] focus-visible:outline-[#787b86]',
  ghost: 'text-[#b2b5be] hover:bg-[#1e222d] hover:text-[#d1d4dc] focus-visible:outline-[#787b86]',
  danger: 'bg-[#ef5350] text-white hover:bg-[#d84643] focus-visible:outline-[#ef5350]',
};

const sizes: Record<ButtonSize, string> = {
  sm: 'h-7 px-2.5 text-xs',
  md: 'h-9 px-4 text-sm',
};

export function Button({
  variant = 'primary',
  size = 'md',
  loading = false,
  disabled,
  className,
  type = 'button',
  children,
  ...rest
}: ButtonProps) {
  return (
    <button
      type={type}
      disabled={disabled || loading}
      aria-busy={loading || undefined}
      className={cn(
        'inline-flex items-center justify-center gap-2 rounded-md font-medium transition-colors',
        'focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-not-allowed disabled:opacity-50',
        variants[variant],
        sizes[size],
        className,
      )}
      {...rest}
    >
      {loading && (
        <span
          aria-hidden
          className="size-3.5 animate-spin rounded-full border-2 border-current border-t-transparent"
        />
      )}
      {children}
    </button>
  );
}
