// `pnpm db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded Postgres
// (started for the occasion, or reused if already running) when DATABASE_URL is unset.
import { resolveDatabaseUrl } from './connection';
import { readCliEnv } from './env';
import { migrate } from './migrate';

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

async function runMigrate(): Promise<void> {
  const env = readCliEnv();
  const database = await resolveDatabaseUrl(env);
  try {
    console.log(
      `Migrating ${redact(database.url)}${database.embedded ? ' (embedded Postgres)' : ''}`,
    );
    const { applied } = await migrate(database.url, { log: (line) => console.log(`  ${line}`) });
    console.log(
      applied.length === 0 ? 'Database is up to date.' : `Applied ${applied.length} migration(s).`,
    );
  } finally {
    await database.stop();
  }
}

const commands: Record<string, () => Promise<void>> = { migrate: runMigrate };
const name = process.argv[2] ?? '';
const command = commands[name];
if (!command) {
  console.error(`usage: tsx src/cli.ts <${Object.keys(commands).join('|')}>`);
  process.exit(2);
}
command().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
