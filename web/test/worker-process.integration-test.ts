import { once } from 'node:events';
import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderPayload } from '../emulator/payloads.js';
import { eventually, startTestApp, type TestApp } from './harness.js';

/** The job workers in their own process (as `main.ts` runs them): they credit, come back after a crash, and stop. */
let app: TestApp;
const SHOP = 'worker-process.myshopify.com';

beforeAll(async () => {
  app = await startTestApp({ workerProcess: { restartDelayMs: 100 } });
  app.emulator!.addShop({ domain: SHOP, name: 'Worker process', currencyCode: 'EUR', primaryLocale: 'en', timezone: 'UTC' });
}, 60_000);

afterAll(async () => {
  await app?.stop();
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function points(customerId: string): Promise<number | undefined> {
  const member = await app.ctx.db.member.findFirst({ where: { customerId } });
  return member?.points;
}

describe('the worker process', () => {
  it('runs beside the web process and credits orders', async () => {
    const pid = app.workerProcess?.pid;
    expect(pid).toBeTypeOf('number');
    expect(pid).not.toBe(process.pid);
    const sent = await app.emulator!.sendWebhook(SHOP, 'orders/paid', orderPayload({ id: 1, subtotal: '12.00', customer: { id: 501 } }));
    expect(sent.status).toBe(200);
    await eventually(async () => (await points('501')) === 12);
  });

  it('runs at a lower CPU priority than the web process, and so does its database work', async () => {
    const expected = Math.min(19, os.getPriority() + 10);
    expect(os.getPriority(app.workerProcess!.pid!)).toBe(expected);
    // Postgres runs on this machine: the worker's connections' backends were reniced too (the web process's not).
    const { rows } = await app.ctx.db.$queryRaw<{ pid: number }[]>`
      SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`.then((rows) => ({ rows }));
    const niceness = rows.map(({ pid }) => {
      try {
        return os.getPriority(pid);
      } catch {
        return null; // gone meanwhile
      }
    });
    expect(niceness).toContain(expected);
    expect(niceness).toContain(0);
  });

  // Generous waits: the new process starts at a low CPU priority (nice +10), which a busy machine serves last.
  it('is restarted when it dies, and the new one goes on crediting', { timeout: 60_000 }, async () => {
    const killed = app.workerProcess!.pid!;
    process.kill(killed, 'SIGKILL');
    await eventually(async () => app.workerProcess!.restarts === 1 && app.workerProcess!.pid !== killed, 15_000);
    expect(isRunning(killed)).toBe(false);
    expect(os.getPriority(app.workerProcess!.pid!)).toBe(Math.min(19, os.getPriority() + 10));
    await app.emulator!.sendWebhook(SHOP, 'orders/paid', orderPayload({ id: 2, subtotal: '30.00', customer: { id: 501 } }));
    await eventually(async () => (await points('501')) === 42, 30_000);
  });

  it('stops with the app, also when the same SIGTERM reached it first (sent to the process group): no restart', { timeout: 30_000 }, async () => {
    const pid = app.workerProcess!.pid!;
    const restarts = app.workerProcess!.restarts;
    // A request still being received keeps the web process in its grace period, past the restart delay.
    const { hostname, port } = new URL(app.url);
    const slow = net.connect(Number(port), hostname).on('error', () => {});
    await once(slow, 'connect');
    slow.write(`POST /api/webhooks HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"id"`);
    process.kill(pid, 'SIGTERM');
    await app.close();
    slow.destroy();
    expect(isRunning(pid)).toBe(false);
    expect(app.workerProcess!.restarts).toBe(restarts);
    expect(app.workerProcess!.pid).toBe(pid);
  });
});
