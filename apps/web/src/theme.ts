// The app's colour theme follows the open chart layout's theme. The chart page writes it to this
// cookie so that the server paints every page in it from the first byte (no flash of dark).
import type { Theme } from '@coinview/core/layout';

export const THEME_COOKIE = 'coinview-theme';

export function themeFromCookie(value: string | undefined): Theme {
  return value === 'light' ? 'light' : 'dark';
}

/** The browser's theme-color per theme (mobile address bar). */
export const THEME_COLORS: Record<Theme, string> = { dark: '#0b0e14', light: '#ffffff' };
