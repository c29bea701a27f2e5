import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const WEB_DIR = fileURLToPath(new URL('..', import.meta.url));

/** The lowest port the kernel hands out by itself (to `listen(0)` and to outgoing connections). */
function ephemeralPortsStart(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    // Below 2,048 there is no room beneath the range: the usual Linux start then (such a range is not seen in practice).
    return Number.isInteger(low) && low >= 2_048 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

async function listensOn(port: number): Promise<boolean> {
  const server = createServer();
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (listening) await new Promise((resolve) => server.close(resolve));
  return listening;
}

/**
 * A TCP port nobody listens on right now, below the kernel's ephemeral range: a test that leaves it free for a while
 * (a server that is down) must not find another test's `listen(0)`, or an outgoing connection of its own, on it.
 */
export async function freePort(): Promise<number> {
  const high = ephemeralPortsStart();
  const low = Math.max(1_024, high - 10_000);
  for (let tries = 0; tries < 100; tries++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (await listensOn(port)) return port;
  }
  throw new Error(`no free port between ${low} and ${high}`);
}

/**
 * `web/src/main.ts` as its own process (what `./loyale start` runs), ready once its webhook route answers. It leads
 * a process group of its own, so that `killApp` reaches its worker process too (as a machine going down would).
 */
export async function spawnApp(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: WEB_DIR,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}: ${stderr}`);
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (up) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  killGroup(child, 'SIGKILL');
  throw new Error(`app did not start: ${stderr}`);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

/** Sends `signal` to the app and its worker process (the whole group); resolves with the app's exit code. */
export async function killApp(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) {
    killGroup(child, 'SIGKILL'); // a worker process the app left behind
    return child.exitCode;
  }
  const exited = once(child, 'exit') as Promise<[number | null]>;
  killGroup(child, signal);
  const [code] = await exited;
  return code;
}

/** A webhook delivery signed as the platform signs it. */
export function signedWebhook(
  secret: string,
  shop: string,
  topic: string,
  payload: object,
  eventId: string = randomUUID(),
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(payload);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-shopify-hmac-sha256': createHmac('sha256', secret).update(body).digest('base64'),
      'x-shopify-topic': topic,
      'x-shopify-shop-domain': shop,
      'x-shopify-api-version': '2026-10',
      'x-shopify-webhook-id': randomUUID(),
      'x-shopify-event-id': eventId,
      'x-shopify-triggered-at': new Date().toISOString(),
    },
  };
}
