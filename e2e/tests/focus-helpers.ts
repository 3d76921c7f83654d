// Keyboard helpers for the accessibility specs: Tab to a control counting the presses, and measure
// whether what has focus shows it (WCAG 2.4.7 with 1.4.11's 3:1 for the indicator).
import { type Locator, type Page, expect } from '@playwright/test';

/** Whether the element is the page's focused element. */
export async function isFocused(target: Locator): Promise<boolean> {
  return target.evaluate((el) => el === document.activeElement).catch(() => false);
}

/** Presses Tab (or Shift+Tab) until `target` has focus; returns how many presses it took. */
export async function tabTo(
  page: Page,
  target: Locator,
  { back = false, max = 60 }: { back?: boolean; max?: number } = {},
): Promise<number> {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (await isFocused(target)) return presses;
  }
  throw new Error(`${String(target)} not reached with ${max} ${back ? 'Shift+Tab' : 'Tab'}s`);
}

/**
 * The focus indicator of `target` (by default the focused element): the contrast of its outline,
 * or of its border when it has no outline, against the background behind it. A row of a menu or a
 * searchable list is passed explicitly, since focus stays on the menu or the search input.
 */
export async function focusIndicatorContrast(page: Page, target?: Locator): Promise<number> {
  const handle = target
    ? await target.elementHandle()
    : await page.evaluateHandle(() => document.activeElement);
  return page.evaluate((el) => {
    if (!(el instanceof Element)) return 0;
    const rgba = (css: string): [number, number, number, number] => {
      const m = css.match(/rgba?\(([^)]+)\)/);
      if (!m) return [0, 0, 0, 0];
      const [r = 0, g = 0, b = 0, a = 1] = m[1]!
        .split(/[ ,/]+/)
        .filter(Boolean)
        .map(Number);
      return [r, g, b, a];
    };
    const luminance = ([r, g, b]: number[]) =>
      [r!, g!, b!]
        .map((c) => c / 255)
        .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
        .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i]!, 0);
    const contrast = (a: number[], b: number[]) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (hi! + 0.05) / (lo! + 0.05);
    };
    // The first opaque-enough background from the element's parent up (the indicator is drawn on
    // the edge between the element and what is around it).
    let background: number[] = [255, 255, 255];
    for (let node = el.parentElement; node; node = node.parentElement) {
      const bg = rgba(getComputedStyle(node).backgroundColor);
      if (bg[3] >= 0.5) {
        background = bg;
        break;
      }
    }
    const style = getComputedStyle(el);
    if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1) {
      return contrast(rgba(style.outlineColor), background);
    }
    if (parseFloat(style.borderTopWidth) >= 1)
      return contrast(rgba(style.borderTopColor), background);
    return 0;
  }, handle);
}

/** Asserts a visible focus indicator (≥ 3:1) on the focused element or the given row. */
export async function expectVisibleFocus(page: Page, what: string, target?: Locator) {
  const ratio = await focusIndicatorContrast(page, target);
  expect(ratio, `focus indicator of ${what}: ${ratio.toFixed(2)}:1`).toBeGreaterThanOrEqual(3);
}
