// Tests create and drop databases: they may only ever point at a Postgres on this machine.
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '']);

export function assertLocalDatabaseUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('Test database URL is not a valid URL');
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol))
    throw new Error(`Test database URL must be postgres://, got ${parsed.protocol}`);
  const socketHost = parsed.searchParams.get('host');
  const local =
    LOCAL_HOSTS.has(parsed.hostname) &&
    (socketHost === null || socketHost.startsWith('/') || LOCAL_HOSTS.has(socketHost));
  if (!local)
    throw new Error(
      `Refusing to run tests against a non-local database host "${parsed.hostname || socketHost}"`,
    );
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}
