// Refuses to run the end-to-end suite against anything but a local database: the tests register
// users and would pollute (or worse) a shared server.
export default function globalSetup(): void {
  const url = process.env.DATABASE_URL;
  if (!url) return; // the launcher uses its own embedded Postgres under .data/e2e
  const host = new URL(url).hostname;
  if (!['localhost', '127.0.0.1', '::1', '[::1]'].includes(host)) {
    throw new Error(`e2e refuses DATABASE_URL on ${host}: only a local database may be used`);
  }
}
