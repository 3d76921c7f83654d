import { ChartSkeleton } from './chart-skeleton';

export default function Loading() {
  return (
    <main className="flex min-h-0 flex-1 flex-col">
      <div className="h-12 border-b border-line bg-panel" />
      <div className="relative min-h-[360px] flex-1 bg-canvas">
        <ChartSkeleton />
      </div>
    </main>
  );
}
