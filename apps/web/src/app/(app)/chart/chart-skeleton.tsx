// A placeholder the shape of a candle chart while history loads.
const HEIGHTS = [
  38, 52, 44, 61, 57, 70, 48, 66, 74, 59, 81, 69, 77, 63, 85, 72, 58, 67, 79, 88, 71, 64, 76, 83,
];

export function ChartSkeleton() {
  return (
    <div
      aria-busy="true"
      aria-label="Loading chart"
      data-testid="chart-skeleton"
      className="absolute inset-0 flex flex-col gap-4 p-4"
    >
      <div className="h-4 w-64 max-w-full animate-pulse rounded bg-raised" />
      <div className="flex flex-1 items-end gap-1.5 pb-8">
        {HEIGHTS.map((h, i) => (
          <div
            key={i}
            className="flex-1 animate-pulse rounded-sm bg-raised/70"
            style={{ height: `${h}%` }}
          />
        ))}
      </div>
    </div>
  );
}
