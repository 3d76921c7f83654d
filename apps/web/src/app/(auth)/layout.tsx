import type { ReactNode } from 'react';
import { Logo } from '~/components/logo';
import { MarketArt } from './market-art';

/** Sign-in and registration: a brand panel beside the form on wide screens, the form alone on phones. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="grid min-h-dvh lg:grid-cols-[minmax(0,1fr)_minmax(0,1.1fr)]">
      <aside className="relative hidden overflow-hidden border-r border-line bg-panel lg:flex lg:flex-col lg:justify-between lg:p-12">
        <Logo className="text-lg" />
        <div className="relative z-10 max-w-md">
          <h2 className="text-3xl font-semibold leading-tight text-fg-strong">
            Your charts and alerts — on your own machine.
          </h2>
          <ul className="mt-6 space-y-2.5 text-sm text-muted">
            <li className="flex gap-2">
              <span className="text-up">▲</span> Live candles streamed straight from the exchange
            </li>
            <li className="flex gap-2">
              <span className="text-up">▲</span> TradingView-style indicators in your saved layouts
            </li>
            <li className="flex gap-2">
              <span className="text-up">▲</span> Alert rules by email, in the app or by webhook
            </li>
          </ul>
        </div>
        <MarketArt className="pointer-events-none absolute inset-x-0 bottom-0 h-1/2 w-full opacity-60" />
        <p className="relative z-10 text-xs text-faint">Self-hosted · open data · no tracking</p>
      </aside>
      <main className="flex flex-col items-center justify-center px-5 py-10 sm:px-8">
        <Logo className="mb-8 text-lg lg:hidden" />
        <div className="w-full max-w-sm">{children}</div>
      </main>
    </div>
  );
}
