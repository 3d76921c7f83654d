// The offline product made reachable from the network (WEB_HOST=0.0.0.0, no email provider):
// nobody can take over an account through the local mailbox — it does not exist, sign-in links
// are refused and the login page says so — while the default start is not reachable from another
// address at all. The exposed stack is started with `pnpm start`, exactly as an operator would, and
// stopped with SIGTERM, which must end cleanly (exit 0, no pnpm error).
import { type ChildProcess, spawn } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '../..');
const defaultPort = Number(process.env.E2E_WEB_PORT ?? 3100);
// One above the suite's own ports, so several checkouts can still run the suite at once.
const port = defaultPort + 1;

/** This machine's first non-loopback IPv4 address: how another machine would reach it. */
function externalAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
}

const address = externalAddress();
test.skip(
  !address,
  'no non-loopback address on this machine; the peer check is covered by apps/web web-server.test.ts',
);

let stack: ChildProcess | undefined;
let output = '';
let exited: Promise<number | null> | undefined;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  // The pnpm running this suite (npm_execpath), else the one on PATH.
  const pnpm = process.env.npm_execpath;
  stack = spawn(pnpm ? process.execPath : 'pnpm', [...(pnpm ? [pnpm] : []), 'start'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      WEB_HOST: '0.0.0.0',
      WEB_PORT: String(port),
      SIM_PORT: String(Number(process.env.E2E_SIM_PORT ?? 9543) + 1),
      EMBEDDED_PG_PORT: String(Number(process.env.E2E_PG_PORT ?? 54339) + 1),
      COINVIEW_DATA_DIR: '.data/e2e-exposed',
      RESEND_API_KEY: '',
      MAILBOX_ENABLED: '',
      LOG_LEVEL: 'warn',
    },
  });
  stack.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  stack.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  exited = new Promise((resolve) => stack!.once('exit', (code) => resolve(code)));
  await expect
    .poll(() => (stack!.exitCode === null ? output.includes('Coinview is running') : 'exited'), {
      timeout: 200_000,
      intervals: [500],
    })
    .toBe(true);
});

test.afterAll(async () => {
  if (stack && stack.exitCode === null) {
    stack.kill('SIGKILL');
    await exited;
  }
});

test('exposed without an email provider: no mailbox, no sign-in links', async ({
  page,
  request,
}) => {
  const remote = `http://${address}:${port}`;
  // The request arrives from this machine's network address, not loopback.
  const mailbox = await request.get(`${remote}/dev/mailbox`);
  expect(mailbox.status()).toBe(404);
  // Exposed, the mailbox is off for everyone, this machine included.
  expect((await request.get(`http://localhost:${port}/dev/mailbox`)).status()).toBe(404);
  expect(output).not.toContain('/dev/mailbox');

  await page.goto(`${remote}/login`);
  await expect(page.getByTestId('magic-links-unavailable')).toContainText(
    'Sign-in links are unavailable',
  );
  await expect(page.getByRole('button', { name: 'Email me a link' })).toHaveCount(0);

  // next-auth's own endpoint refuses to send a link too (the form is not the only way in).
  const csrf = (await (await request.get(`${remote}/api/auth/csrf`)).json()) as {
    csrfToken: string;
  };
  const signIn = await request.post(`${remote}/api/auth/signin/email`, {
    form: { email: 'victim@example.test', csrfToken: csrf.csrfToken },
    maxRedirects: 0,
  });
  expect(signIn.headers()['location'] ?? '').not.toContain('check-email');
});

test('the default start is not reachable from the network', async ({ request }) => {
  // The suite's own stack listens with the default WEB_HOST (loopback).
  await expect(request.get(`http://${address}:${defaultPort}/dev/mailbox`)).rejects.toThrow(
    /ECONNREFUSED/,
  );
  expect((await request.get(`http://localhost:${defaultPort}/dev/mailbox`)).status()).toBe(200);
});

test('SIGTERM stops `pnpm start` cleanly', async () => {
  stack!.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(output).toContain('Stopping Coinview…');
  expect(output).not.toMatch(/ERR_PNPM|ELIFECYCLE|Command failed/);
});
