// Where the database is: DATABASE_URL when the deployment has one, otherwise the embedded
// Postgres under <repo>/.data/pg (started here, or reused when another process already runs it).
import { startEmbeddedPostgres } from './embedded';

export interface ResolveDatabaseOptions {
  /** Wins when set: no embedded server is started. */
  databaseUrl?: string;
  /** Embedded cluster folder; default `<repo root>/.data/pg`. */
  dataDir?: string;
  /** Preferred embedded port; default the remembered one, else 54329 (never 5432). */
  port?: number;
  /** Embedded Postgres output, which otherwise goes only to `<dataDir>/postgres.log`. */
  onLog?: (message: string) => void;
}

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  /** Stops the embedded server if this call started it; a no-op otherwise. */
  stop(): Promise<void>;
}

export async function resolveDatabaseUrl(
  options: ResolveDatabaseOptions = {},
): Promise<ResolvedDatabase> {
  if (options.databaseUrl) {
    return { url: options.databaseUrl, embedded: false, stop: async () => undefined };
  }
  const server = await startEmbeddedPostgres({
    dataDir: options.dataDir,
    port: options.port,
    onLog: options.onLog,
  });
  return { url: server.url, embedded: true, stop: () => server.stop() };
}
