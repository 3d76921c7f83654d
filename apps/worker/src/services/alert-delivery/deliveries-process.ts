// A standalone alert-delivery process for the kill-safety test (alert-kill.test.ts), which
// SIGKILLs it mid-send. Arguments: <database url> <resend base url>. Prints "ready" once running.
import { PgBus } from '@coinview/db/bus';
import { createDb } from '@coinview/db/client';
import { pino } from 'pino';
import { startAlertDeliveries } from './start-alert-deliveries';

const [url, resendUrl] = process.argv.slice(2);
if (!url || !resendUrl) throw new Error('usage: deliveries-process <database url> <resend url>');
await startAlertDeliveries({
  connectionString: url,
  db: createDb(url),
  bus: new PgBus(url),
  email: {
    transport: 'resend',
    apiKey: 're_test_key',
    baseUrl: resendUrl,
    from: 'a@coinview.local',
  },
  logger: pino({ level: 'silent' }),
  pollInterval: 50,
});
process.stdout.write('ready\n');
