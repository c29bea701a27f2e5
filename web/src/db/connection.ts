/**
 * The pg connection settings of every connection the app opens (Prisma's pool, the webhook inbox pool, the migrator).
 *
 * Every session runs with `timezone=UTC`, whatever the server's or the database's default: the timestamp columns are
 * `timestamp` (without zone) holding UTC wall time, as Prisma reads and writes them, and many rows take theirs from
 * `DEFAULT CURRENT_TIMESTAMP` or `now()`, which give the session's local time. Under another zone those rows would
 * be hours off, and every figure over them (the dashboard's days, the 90-day activity, retention) with them.
 */
export const UTC_SESSION = '-c timezone=UTC';

export interface PgConnection {
  connectionString: string;
  /** Postgres startup options (`-c name=value ...`). */
  options: string;
}

/**
 * `databaseUrl` with `settings` (and UTC) as the sessions' startup options. pg lets an `options` parameter of the
 * URL override the config's, so one there is moved into `options`, before ours: the later `-c` of a name wins.
 */
export function pgConnection(databaseUrl: string, ...settings: string[]): PgConnection {
  const url = new URL(databaseUrl);
  const own = url.searchParams.get('options');
  if (own === null) return { connectionString: databaseUrl, options: [UTC_SESSION, ...settings].join(' ') };
  url.searchParams.delete('options');
  return { connectionString: url.toString(), options: [own, UTC_SESSION, ...settings].join(' ') };
}
