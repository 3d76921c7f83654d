'use client';
// Sonner's toaster, portalled to <body>: it is rendered from the header, whose backdrop blur makes
// it the containing block of fixed descendants, which would pin the toasts inside the header.
import { useEffect, useState, type CSSProperties } from 'react';
import { createPortal } from 'react-dom';
import { Toaster } from 'sonner';

export function AppToaster() {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (!mounted) return null;
  return createPortal(
    <Toaster
      position="bottom-right"
      closeButton
      // Sonner's own palette variables, pointed at the app's theme tokens (dark and light).
      style={
        {
          '--normal-bg': 'var(--color-panel)',
          '--normal-border': 'var(--color-line-strong)',
          '--normal-text': 'var(--color-fg-strong)',
        } as CSSProperties
      }
      toastOptions={{ classNames: { description: 'text-muted!' } }}
    />,
    document.body,
  );
}
