// A standalone order-executor process for the kill-safety test (order-kill.test.ts), which
// SIGKILLs it while an order's answer is on its way. Arguments: <database url> <sim REST url>
// <secret box key>. Prints "ready" once running.
import { createDb } from '@coinview/db/client';
import { createSecretBox } from '@coinview/db/secret-box';
import { pino } from 'pino';
import { startExecutor } from './test-trading';

const [url, restUrl, key] = process.argv.slice(2);
if (!url || !restUrl || !key) throw new Error('usage: executor-process <db url> <sim url> <key>');
const db = createDb(url);
await startExecutor({
  url,
  db,
  restUrl,
  box: createSecretBox(key),
  logger: pino({ level: 'silent' }),
});
process.stdout.write('ready\n');
