// The web server's root logger; each component takes a scoped child (`logger.child({ component })`).
import pino from 'pino';
import { env } from '~/env';

export const logger = pino({ level: env.LOG_LEVEL ?? 'info', base: { app: 'web' } });
