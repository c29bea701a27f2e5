import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs (pino). Personal data (emails, names) is never logged, only ids. */
export function createLogger(level: string, name = 'loyale'): Logger {
  return pino({ name, level, base: { service: name } });
}
