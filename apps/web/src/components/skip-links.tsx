'use client';
// The first Tab stops of every signed-in page (WCAG 2.4.1): past the header straight to the page,
// and on the chart also past the toolbar and the chart's legend to the watchlist. Off-screen until
// focused (`.skip-link` in globals.css). Their targets are focusable with tabIndex -1.
import { usePathname } from 'next/navigation';
import { CONTENT_ID, WATCHLIST_ID } from './skip-targets';

const linkClass =
  'skip-link fixed left-3 top-2 z-50 rounded-md bg-accent-fill px-3 py-2 text-sm font-medium text-white shadow-2xl';

export function SkipLinks() {
  const onChart = usePathname() === '/chart';
  return (
    <>
      <a href={`#${CONTENT_ID}`} className={linkClass}>
        Skip to content
      </a>
      {onChart ? (
        <a href={`#${WATCHLIST_ID}`} className={linkClass}>
          Skip to watchlist
        </a>
      ) : null}
    </>
  );
}
