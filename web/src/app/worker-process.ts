import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { AppConfig } from '../config/config.js';
import type { Logger } from '../logger.js';
import type { JobOptions } from './jobs.js';
import type { FromWorker, ToWorker, WorkerWebhookOptions } from './worker-protocol.js';

const WORKER_MAIN = fileURLToPath(new URL('../worker-main.ts', import.meta.url));

export interface WorkerProcessOptions {
  webhooks?: WorkerWebhookOptions;
  jobs?: JobOptions;
  /**
   * Nice value of the worker process (and, when Postgres runs on this machine, of its database connections' backends):
   * crediting points yields the cores to the web process, whose answers to webhooks must stay fast, and takes
   * whatever is left. On two cores a crediting burst otherwise delays the route's answers by tens of milliseconds.
   * 0 keeps the web process's priority. @defaultValue 10
   */
  niceness?: number;
  /** Wait before restarting a worker process that died; doubles while it keeps dying at once. @defaultValue 1000 ms */
  restartDelayMs?: number;
  /** How long `close` lets running jobs finish before the process is killed. @defaultValue 30000 ms */
  stopTimeoutMs?: number;
}

export interface WorkerProcess {
  /** The current worker process's pid (it changes after a restart). */
  readonly pid: number | undefined;
  /** How many times the process was restarted after dying. */
  readonly restarts: number;
  /** Passes the ingest governor's wish on (kept and re-sent after a restart). */
  setConcurrency(concurrency: number): void;
  /**
   * No restart any more: the first step of a shutdown, taken before anything is awaited, since a SIGTERM sent to the
   * whole process group (systemd, a container's init) stops the worker process on its own meanwhile.
   */
  stopRestarting(): void;
  /** Graceful stop: no restart any more, running jobs finish, the process exits. */
  close(): Promise<void>;
}

/** Node arguments of the child: the parent's (loaders, profiler flags), plus tsx when the parent was started without it. */
function childExecArgv(): string[] {
  const argv = process.execArgv.filter((arg) => !arg.startsWith('--inspect'));
  return argv.some((arg) => arg.includes('tsx')) ? argv : [...argv, '--import', 'tsx'];
}

/**
 * Runs the job workers in a child process (`worker-main.ts`) with this process's resolved configuration, so that
 * crediting points and accepting webhooks do not share one JavaScript thread. The child is restarted whenever it
 * dies while this process runs (a crash loses nothing: its jobs are taken over as stalled, and the sweeper finds
 * whatever Redis lost). Resolves once the first child runs its workers; rejects if it cannot start.
 */
export async function startWorkerProcess(
  config: AppConfig,
  log: Logger,
  options: WorkerProcessOptions = {},
): Promise<WorkerProcess> {
  const baseDelay = options.restartDelayMs ?? 1_000;
  const start: ToWorker = { kind: 'start', config, webhooks: options.webhooks ?? {}, jobs: options.jobs ?? {} };
  let child: ChildProcess | undefined;
  const currentChild = (): ChildProcess => {
    if (!child) throw new Error('worker process not started');
    return child;
  };
  let concurrency: number | null = null;
  let closing = false;
  let restarts = 0;
  let delay = baseDelay;
  let restartTimer: NodeJS.Timeout | null = null;
  // A child that cannot start the first time fails the start instead of being restarted.
  let started = false;

  const niceness = options.niceness ?? 10;
  const lowerPriority = (target: ChildProcess) => {
    if (niceness === 0 || !target.pid) return;
    try {
      // Relative to this process: a web process started with `nice` keeps its worker below it.
      os.setPriority(target.pid, Math.min(19, os.getPriority() + niceness));
    } catch (err) {
      log.warn({ err }, 'could not lower the worker process priority');
    }
  };

  const send = (message: ToWorker) => {
    if (child?.connected) child.send(message, () => {});
  };

  /** Forks a child and resolves when its workers run; rejects when it exits or fails first. */
  function spawnChild(): Promise<void> {
    const startedAt = Date.now();
    const current = fork(WORKER_MAIN, [], { execArgv: childExecArgv(), serialization: 'json' });
    child = current;
    lowerPriority(current);
    const ready = new Promise<void>((resolve, reject) => {
      current.on('message', (message: FromWorker) => {
        if (message.kind === 'ready') resolve();
        else reject(new Error(`worker process failed to start: ${message.message}`));
      });
      current.once('exit', (code, signal) => reject(new Error(`worker process exited (${signal ?? code}) before it was ready`)));
    });
    current.once('exit', (code, signal) => {
      if (closing || !started || current !== child) return;
      // Dying at once again and again (a bad configuration, Postgres down) backs off; a long run resets the delay.
      delay = Date.now() - startedAt > 60_000 ? baseDelay : Math.min(delay * 2, 30_000);
      log.error({ code, signal, restartInMs: delay }, 'worker process died; restarting it');
      restartTimer = setTimeout(() => {
        restartTimer = null;
        if (closing) return;
        restarts += 1;
        spawnChild().catch((err: unknown) => log.error({ err }, 'worker process restart failed'));
      }, delay);
    });
    current.send(start);
    return ready.then(() => {
      if (concurrency !== null) send({ kind: 'concurrency', concurrency });
    });
  }

  const stopRestarting = () => {
    closing = true;
    if (restartTimer) clearTimeout(restartTimer);
  };

  await spawnChild();
  started = true;
  log.info({ pid: currentChild().pid }, 'worker process running');

  return {
    get pid() {
      return child?.pid;
    },
    get restarts() {
      return restarts;
    },
    setConcurrency(value) {
      if (value === concurrency) return;
      concurrency = value;
      send({ kind: 'concurrency', concurrency: value });
    },
    stopRestarting,
    async close() {
      stopRestarting();
      const last = currentChild();
      if (last.exitCode !== null || last.signalCode !== null) return;
      const exited = once(last, 'exit');
      if (last.connected) send({ kind: 'stop' });
      else last.kill('SIGTERM');
      const timeout = setTimeout(() => last.kill('SIGKILL'), options.stopTimeoutMs ?? 30_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
