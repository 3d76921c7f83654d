export function SettingsSkeleton() {
  return (
    <div
      aria-busy="true"
      aria-label="Loading settings"
      className="mt-8 rounded-lg border border-line bg-panel p-5 sm:p-6"
    >
      <div className="flex animate-pulse flex-col gap-6">
        {[0, 1, 2].map((i) => (
          <div key={i} className="flex flex-col gap-2">
            <div className="h-3 w-28 rounded bg-raised" />
            <div className="h-10 w-full rounded-md bg-raised" />
          </div>
        ))}
        <div className="h-10 w-32 self-end rounded-md bg-raised" />
      </div>
    </div>
  );
}
