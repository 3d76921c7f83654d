import Link from 'next/link';
import { Logo } from '~/components/logo';

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-4 px-6 text-center">
      <Logo />
      <p className="font-mono text-5xl font-semibold text-fg-strong">404</p>
      <p className="text-sm text-muted">This page does not exist.</p>
      <Link href="/" className="text-sm text-accent hover:underline">
        Back to Coinview
      </Link>
    </main>
  );
}
