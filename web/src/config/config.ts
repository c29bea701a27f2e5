import { z } from 'zod';
import { APP_SCOPES } from '../shopify/app-config.js';

/** The development credentials used when no real app is configured (the emulator signs with the same). */
export const DEV_API_KEY = 'loyale-dev-api-key';
export const DEV_API_SECRET = 'loyale-dev-api-secret';

/** The Admin API version every GraphQL call and webhook subscription uses. */
export const ADMIN_API_VERSION = '2026-10';

export interface AppConfig {
  /** @defaultValue 3000 */
  port: number;
  apiKey: string;
  apiSecret: string;
  /** Public base URL of the app, without a trailing slash. @defaultValue `http://localhost:$PORT` */
  appUrl: string;
  /** @defaultValue `postgresql://postgres@127.0.0.1:5432/loyale` */
  databaseUrl: string;
  /** @defaultValue `redis://127.0.0.1:6379` */
  redisUrl: string;
  /** When set, requests meant for `https://{shop}` go to this base URL (the emulator, or a proxy). */
  shopPlatformUrl: string | undefined;
  /** True when no `SHOPIFY_API_KEY` is configured: the local emulator and the demo shop start too. */
  useEmulator: boolean;
  /** Port of the local emulator when it runs. @defaultValue PORT + 1 */
  emulatorPort: number;
  scopes: string[];
  /** What the configuration falls back on that an operator should know (logged at start). */
  warnings: string[];
  /** Prefix of every BullMQ key, so tests and several apps can share one Redis. @defaultValue `loyale` */
  queuePrefix: string;
  /** @defaultValue `info` */
  logLevel: string;
  /**
   * The SMTP server customer notifications go out through (`smtp://user:pass@host:587`, `smtps://…:465`). When the
   * emulator runs, its mail sink unless SMTP_URL is set; otherwise unset: notifications are then recorded as skipped.
   * @defaultValue unset
   */
  smtpUrl: string | undefined;
  /**
   * The From address of every notification (the shop's sender name goes with it). Unset: `loyalty@{shop domain}`,
   * which a real SMTP provider may refuse unless the domain is verified with it.
   * @defaultValue unset
   */
  mailFrom: string | undefined;
}


const optionalUrl = z.url().optional();

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SHOPIFY_API_KEY: z.string().min(1).optional(),
  SHOPIFY_API_SECRET: z.string().min(1).optional(),
  SHOPIFY_APP_URL: optionalUrl,
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL').optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
  SHOP_PLATFORM_URL: optionalUrl,
  EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  LOYALE_QUEUE_PREFIX: z.string().min(1).default('loyale'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMTP_URL: z.string().regex(/^smtps?:\/\/[^/\s]+/, 'must be an smtp:// or smtps:// URL').optional(),
  SMTP_FROM: z.email('must be an email address').optional(),
});

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the configuration once, reporting every problem together. Without `SHOPIFY_API_KEY` the app runs
 * against the local emulator with development credentials. The secret falls back to the development secret even
 * with a key (the contract's default), which `warnings` says: anyone who knows that secret can sign webhooks,
 * proxy requests and session tokens for the app, so a real deployment sets its own.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  const problems: string[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  const values = parsed.success ? parsed.data : undefined;
  if (problems.length > 0 || !values) throw new ConfigError(problems);
  const warnings =
    values.SHOPIFY_API_KEY && !values.SHOPIFY_API_SECRET
      ? ['SHOPIFY_API_SECRET is not set: the fixed development secret signs and checks webhooks, proxy requests and session tokens; set the app\'s own client secret for a real store']
      : [];

  const useEmulator = !values.SHOPIFY_API_KEY;
  const port = values.PORT;
  return {
    port,
    apiKey: values.SHOPIFY_API_KEY ?? DEV_API_KEY,
    apiSecret: values.SHOPIFY_API_SECRET ?? DEV_API_SECRET,
    appUrl: (values.SHOPIFY_APP_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    databaseUrl: values.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/loyale',
    redisUrl: values.REDIS_URL ?? 'redis://127.0.0.1:6379',
    shopPlatformUrl: values.SHOP_PLATFORM_URL?.replace(/\/+$/, ''),
    useEmulator,
    emulatorPort: values.EMULATOR_PORT ?? (port === 0 ? 0 : port + 1),
    scopes: [...APP_SCOPES],
    queuePrefix: values.LOYALE_QUEUE_PREFIX,
    logLevel: values.LOG_LEVEL,
    smtpUrl: values.SMTP_URL,
    mailFrom: values.SMTP_FROM,
    warnings,
  };
}
