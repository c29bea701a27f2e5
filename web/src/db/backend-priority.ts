import { readFileSync } from 'node:fs';
import os from 'node:os';
import type pg from 'pg';

/** Whether `connectionString` points at a Postgres server on this machine (only then are its pids ours to see). */
export function isLocalDatabase(connectionString: string): boolean {
  const host = new URL(connectionString).hostname;
  return host === '' || host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host.toLowerCase().startsWith('%2f');
}

/**
 * A pool `onConnect` hook that lowers the CPU priority (raises the nice value) of the connection's Postgres backend
 * process, when the server runs on this machine and the process is a Postgres backend this user may renice; otherwise
 * it does nothing. Background work (crediting points) then yields the cores to the web process and its inserts.
 */
export function lowerBackendPriority(connectionString: string, niceness: number): ((client: pg.ClientBase) => Promise<void>) | undefined {
  if (!isLocalDatabase(connectionString)) return undefined;
  return async (client) => {
    try {
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const pid = rows[0]?.pid;
      if (!pid || readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') return;
      os.setPriority(pid, niceness);
    } catch {
      // Not permitted (another user's server), no /proc: the connection works as it is.
    }
  };
}
