// The alarm-clock icon of "create an alert" (toolbar button, chart menu), drawn as SVG: an emoji
// such as ⏰ is a missing-glyph box on systems without a colour emoji font (Debian's Chromium).
export function AlarmIcon({ className }: { className?: string }) {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 16 16"
      fill="none"
      aria-hidden
      data-icon="alarm"
      className={className}
    >
      <circle cx="8" cy="8.5" r="5" stroke="currentColor" strokeWidth="1.4" />
      <path
        d="M8 6v2.7l1.8 1.1M3 2.5l-1.5 1.5M13 2.5l1.5 1.5"
        stroke="currentColor"
        strokeWidth="1.4"
      />
    </svg>
  );
}
