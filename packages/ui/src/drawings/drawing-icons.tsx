// The drawing toolbar's icons: 18 px line drawings in the current text colour, each a sketch of
// what its tool draws. Decorative; the buttons carry the names.
import type { ReactNode } from 'react';
import type { DrawingTool } from './drawing-controller';

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg
      aria-hidden
      viewBox="0 0 18 18"
      width={18}
      height={18}
      fill="none"
      stroke="currentColor"
      strokeWidth={1.4}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {children}
    </svg>
  );
}

const dot = (cx: number, cy: number) => <circle cx={cx} cy={cy} r={1.6} fill="currentColor" />;

export const TOOL_ICONS: Record<DrawingTool, ReactNode> = {
  cursor: (
    <Icon>
      <path d="M4 2.5v12l3.3-3.2 2.3 5 2-.9-2.3-4.9H14z" />
    </Icon>
  ),
  'trend-line': (
    <Icon>
      <path d="M4 14 14 4" />
      {dot(4, 14)}
      {dot(14, 4)}
    </Icon>
  ),
  ray: (
    <Icon>
      <path d="M4 14 16.5 1.5" />
      {dot(4, 14)}
      {dot(10, 8)}
    </Icon>
  ),
  'extended-line': (
    <Icon>
      <path d="M1.5 16.5 16.5 1.5" />
      {dot(6, 12)}
      {dot(12, 6)}
    </Icon>
  ),
  'horizontal-line': (
    <Icon>
      <path d="M1.5 9h15" />
      {dot(9, 9)}
    </Icon>
  ),
  'horizontal-ray': (
    <Icon>
      <path d="M5 9h11.5" />
      {dot(5, 9)}
    </Icon>
  ),
  'vertical-line': (
    <Icon>
      <path d="M9 1.5v15" />
      {dot(9, 9)}
    </Icon>
  ),
  rectangle: (
    <Icon>
      <rect x={3} y={5} width={12} height={8} rx={0.5} />
    </Icon>
  ),
  'parallel-channel': (
    <Icon>
      <path d="M2 11 11 2M7 16l9-9" />
      <path d="M4.5 13.5l9-9" strokeDasharray="1.5 1.8" />
    </Icon>
  ),
  'fib-retracement': (
    <Icon>
      <path d="M2.5 3.5h13M2.5 7h13M2.5 10.5h13M2.5 14.5h13" />
    </Icon>
  ),
  'long-position': (
    <Icon>
      <rect x={3} y={3} width={12} height={6} />
      <path d="M3 9v5h12V9M9 7.5V4.5M7.5 6 9 4.5 10.5 6" />
    </Icon>
  ),
  'short-position': (
    <Icon>
      <rect x={3} y={9} width={12} height={6} />
      <path d="M3 9V4h12v5M9 10.5v3M7.5 12 9 13.5 10.5 12" />
    </Icon>
  ),
  'price-range': (
    <Icon>
      <path d="M4 2.5h10M4 15.5h10M9 3.5v11M7 5.5l2-2 2 2M7 12.5l2 2 2-2" />
    </Icon>
  ),
  'date-range': (
    <Icon>
      <path d="M2.5 4v10M15.5 4v10M3.5 9h11M5.5 7l-2 2 2 2M12.5 7l2 2-2 2" />
    </Icon>
  ),
  text: (
    <Icon>
      <path d="M3.5 4.5V3h11v1.5M9 3v12M7 15h4" />
    </Icon>
  ),
};

export const MagnetIcon = (
  <Icon>
    <path d="M4 3v6a5 5 0 0 0 10 0V3h-3.5v6a1.5 1.5 0 0 1-3 0V3z" />
    <path d="M4 6h3.5M10.5 6H14" />
  </Icon>
);

export const EyeIcon = (
  <Icon>
    <path d="M1.5 9S4.5 4 9 4s7.5 5 7.5 5-3 5-7.5 5-7.5-5-7.5-5z" />
    <circle cx={9} cy={9} r={2.2} />
  </Icon>
);

export const EyeOffIcon = (
  <Icon>
    <path d="M1.5 9S4.5 4 9 4s7.5 5 7.5 5-3 5-7.5 5-7.5-5-7.5-5z" />
    <path d="M3 15 15 3" />
  </Icon>
);

export const TrashIcon = (
  <Icon>
    <path d="M3 4.5h12M7 4.5V3h4v1.5M4.5 4.5l.8 11h7.4l.8-11M7.5 7.5v5M10.5 7.5v5" />
  </Icon>
);

export const UndoIcon = (
  <Icon>
    <path d="M6 4 3 7l3 3" />
    <path d="M3 7h7.5a4.5 4.5 0 0 1 0 9H7" />
  </Icon>
);

export const RedoIcon = (
  <Icon>
    <path d="m12 4 3 3-3 3" />
    <path d="M15 7H7.5a4.5 4.5 0 0 0 0 9H11" />
  </Icon>
);

export const LockIcon = (
  <Icon>
    <rect x="4" y="8" width="10" height="7.5" rx="1.5" />
    <path d="M6.3 8V5.8a2.7 2.7 0 0 1 5.4 0V8" />
  </Icon>
);

export const UnlockIcon = (
  <Icon>
    <rect x="4" y="8" width="10" height="7.5" rx="1.5" />
    <path d="M6.3 8V5.8a2.7 2.7 0 0 1 5.2-1" />
  </Icon>
);

export const SettingsIcon = (
  <Icon>
    <circle cx="9" cy="9" r="2.3" />
    <path d="M9 2.5v2M9 13.5v2M2.5 9h2M13.5 9h2M4.4 4.4l1.4 1.4M12.2 12.2l1.4 1.4M4.4 13.6l1.4-1.4M12.2 5.8l1.4-1.4" />
  </Icon>
);

export const WarningIcon = (
  <Icon>
    <path d="M9 2.8 16 15H2z" />
    <path d="M9 7.3v3.6" />
    {dot(9, 12.9)}
  </Icon>
);
