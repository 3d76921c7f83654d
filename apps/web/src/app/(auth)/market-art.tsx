// A decorative, deterministic candlestick strip for the sign-in screens (no data, no chart library).

const candles = Array.from({ length: 42 }, (_, i) => {
  const trend = 140 - i * 1.6 + Math.sin(i / 3) * 14;
  const open = trend + Math.sin(i * 1.7) * 8;
  const close = trend + Math.cos(i * 1.3) * 8;
  const high = Math.min(open, close) - 4 - Math.abs(Math.sin(i * 2.1)) * 8;
  const low = Math.max(open, close) + 4 + Math.abs(Math.cos(i * 1.1)) * 8;
  return { open, close, high, low };
});

export function MarketArt({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 420 200" preserveAspectRatio="none" aria-hidden="true" className={className}>
      <defs>
        <linearGradient id="fade" x1="0" y1="0" x2="0" y2="1">
          <stop offset="0" stopColor="#131722" stopOpacity="1" />
          <stop offset="0.5" stopColor="#131722" stopOpacity="0" />
        </linearGradient>
      </defs>
      {[40, 80, 120, 160].map((y) => (
        <line key={y} x1="0" x2="420" y1={y} y2={y} stroke="#252a37" strokeWidth="0.5" />
      ))}
      {candles.map((c, i) => {
        const x = 6 + i * 10;
        const up = c.close < c.open; // SVG y grows downward
        const color = up ? '#26a69a' : '#ef5350';
        return (
          <g key={i}>
            <line x1={x} x2={x} y1={c.high} y2={c.low} stroke={color} strokeWidth="1" />
            <rect
              x={x - 3}
              y={Math.min(c.open, c.close)}
              width="6"
              height={Math.max(1, Math.abs(c.open - c.close))}
              fill={color}
            />
          </g>
        );
      })}
      <rect x="0" y="0" width="420" height="200" fill="url(#fade)" />
    </svg>
  );
}
