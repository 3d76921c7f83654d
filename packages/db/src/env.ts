// The only place in this package that reads process.env, and only when asked (never at import
// time): the CLI and the test setup are entry points; library functions take arguments instead.

export interface DbCliEnv {
  databaseUrl?: string;
  dataDir?: string;
  port?: number;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** DATABASE_URL, COINVIEW_DATA_DIR (its `pg` subfolder holds the cluster) and EMBEDDED_PG_PORT. */
export function readCliEnv(): DbCliEnv {
  const portText = nonEmpty(process.env.EMBEDDED_PG_PORT);
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new Error(`EMBEDDED_PG_PORT must be a TCP port number, got "${portText}"`);
  }
  const dataRoot = nonEmpty(process.env.COINVIEW_DATA_DIR);
  return {
    databaseUrl: nonEmpty(process.env.DATABASE_URL),
    dataDir: dataRoot === undefined ? undefined : `${dataRoot}/pg`,
    port,
  };
}

/** An existing Postgres the tests may use instead of starting an embedded one. */
export function readTestDatabaseUrl(): string | undefined {
  return nonEmpty(process.env.TEST_DATABASE_URL);
}
