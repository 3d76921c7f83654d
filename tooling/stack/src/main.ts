// `pnpm start` / `pnpm dev`: run the whole product and print where to find it.
import { type Mode, startStack } from './launcher';
import { readEnv } from './env';

const arg = process.argv[2] ?? 'start';
if (arg !== 'start' && arg !== 'dev') {
  console.error(`usage: main.ts start|dev (got ${arg})`);
  process.exit(2);
}
const mode: Mode = arg;

const env = readEnv();
let stopping = false;

try {
  const stack = await startStack(mode, env);
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping Coinview…');
    await stack.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  void stack.crashed.then((name) => {
    if (stopping) return;
    console.error(`${name} exited unexpectedly; stopping everything.`);
    void shutdown(1);
  });
  const line = '─'.repeat(60);
  console.log(
    [
      line,
      `  Coinview is running at ${stack.webUrl}`,
      `  Demo account: ${env.DEMO_EMAIL} / ${env.DEMO_PASSWORD}`,
      ...(stack.mailboxUrl ? [`  Local mailbox (magic links): ${stack.mailboxUrl}`] : []),
      '  Press Ctrl-C to stop.',
      line,
    ].join('\n'),
  );
} catch (err) {
  console.error(`Coinview failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
