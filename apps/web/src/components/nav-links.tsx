'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from '@coinview/ui/cn';

const links = [
  { href: '/chart', label: 'Chart' },
  { href: '/alerts', label: 'Alerts' },
  { href: '/orders', label: 'Orders' },
  { href: '/backtests', label: 'Backtests' },
  { href: '/settings', label: 'Settings' },
];

export function NavLinks() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex h-full items-stretch gap-1">
      {links.map(({ href, label }) => {
        const active = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link
            key={href}
            href={href}
            aria-current={active ? 'page' : undefined}
            className={cn(
              'relative flex items-center px-2 text-sm transition-colors sm:px-2.5',
              active ? 'text-fg-strong' : 'text-muted hover:text-fg-strong',
              active &&
                'after:absolute after:inset-x-2 after:bottom-0 after:h-0.5 after:rounded-full after:bg-accent',
            )}
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
