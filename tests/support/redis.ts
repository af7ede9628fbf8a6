import { spawn, type ChildProcess } from 'node:child_process';
import { access, constants, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A private Redis for one test file: loopback only, no persistence, its own temp folder; stopped after. */
export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Debian's redis-server (`.ci/run` installs it). */
export const REDIS_SERVER = '/usr/bin/redis-server';

export async function redisServerAvailable(): Promise<boolean> {
  return access(REDIS_SERVER, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** A port the kernel says is free now (a tiny race with other processes is accepted; start fails loudly then). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startRedis(): Promise<TestRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'hapyy-redis-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // Ready when Redis says so on its log (an event, not a sleep).
  await new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const log: string[] = [];
    lines.on('line', (line) => {
      log.push(line);
      if (line.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${log.join('\n')}`)));
    child.once('error', reject);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
