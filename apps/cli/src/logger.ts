import { pino, type Logger } from 'pino';

/** Logs go to stderr so they never mix with a command's output on stdout. */
export function createLogger(level = 'warn'): Logger {
  return pino({ name: 'coinview', level }, pino.destination(2));
}
