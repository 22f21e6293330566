import { pino, type Logger as PinoLogger, type LoggerOptions } from 'pino';

/** Structured logger (pino). Secrets are redacted by path; never log a token by hand either. */
export type Logger = PinoLogger;

/**
 * Creates the process logger; tests pass `level: 'silent'`.
 *
 * @example
 * const log = createLogger({ level: 'info' });
 * log.child({ module: 'qa' }).info({ tenant: 'esempio' }, 'model trained');
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino({
    level: process.env.LOG_LEVEL ?? 'info',
    redact: { paths: ['*.token', '*.secret', '*.password', '*.appSecret', 'config.*'], censor: '[redacted]' },
    ...options,
  });
}
