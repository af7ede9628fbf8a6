import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRunner } from '../../../main/runner';
import type { Launched } from '../../../main/runner/launch';
import { readStartTime } from '../../../main/runner/linux-procs';
import { sharedSpawnHelper, SpawnHelper } from '../../../main/runner/spawn-helper';
import { useWorkspace, markedPids, request, SH } from './helpers';

const linux = process.platform === 'linux';

/** Everything a stream carries, to its end. */
async function drain(s: Launched['stdout']): Promise<string> {
  if (!s) return '';
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Polls (bounded) until the process is gone from /proc or a zombie. */
async function gone(pid: number): Promise<void> {
  const end = Date.now() + 10_000;
  for (;;) {
    let state: string;
    try {
      state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] ?? '';
    } catch {
      return;
    }
    if (state === 'Z') return;
    if (Date.now() > end) throw new Error(`process ${pid} still running`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const req = (file: string, args: string[]) => ({ file, args, cwd: '/', env: { PATH: '/usr/bin:/bin' }, platform: 'linux' as const, procRoot: '/proc' });

describe.runIf(linux)('spawn helper', () => {
  let helper: SpawnHelper;
  beforeEach(() => {
    helper = new SpawnHelper();
  });
  afterEach(() => helper.close());

  it("hands over the tool's output whole and in order, from its first byte, with its exit, pid and start time", async () => {
    // Output written the moment the tool starts, more than one pipe buffer, on both streams.
    const script = 'i=0; while [ $i -lt 3000 ]; do echo "out $i"; echo "err $i" >&2; i=$((i + 1)); done; exit 7';
    const t = await helper.launch(req(SH, ['-c', script]));
    expect(t.pid).toEqual(expect.any(Number));
    const [out, err, exit] = await Promise.all([drain(t.stdout), drain(t.stderr), t.exited]);
    expect(exit).toEqual({ code: 7, signal: null });
    const want = (s: string) => Array.from({ length: 3000 }, (_, i) => `${s} ${i}\n`).join('');
    expect(out).toBe(want('out'));
    expect(err).toBe(want('err'));
    await t.closed;
    expect(t.rootStart).toEqual(expect.any(Number));
  });

  it('a stranger that finds the socket (as any local process can, in /proc/net/unix) and guesses a token is hung up on; runs go on', async () => {
    await (await helper.launch(req(SH, ['-c', 'exit 0']))).exited; // the helper and its socket are up
    const names = readFileSync('/proc/net/unix', 'utf8')
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[7] ?? '')
      .filter((n) => n.startsWith(`@hapyy-spawn-${process.pid}-`));
    expect(names.length).toBeGreaterThan(0);
    for (const name of new Set(names)) {
      // /proc shows the abstract name's NUL bytes as '@' (libuv binds the whole sun_path): connect to exactly that.
      const s = net.connect(name.replace(/@/g, '\0'));
      await once(s, 'connect'); // it does reach the app's socket
      s.on('error', () => undefined);
      s.write(`${'0'.repeat(32)}o`);
      await once(s, 'close'); // closed by the app, unread: no run has that token
    }
    const t = await helper.launch(req(SH, ['-c', 'echo still fine']));
    const [out, exit] = await Promise.all([drain(t.stdout), t.exited]);
    expect(out).toBe('still fine\n');
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('reports the start time the tool really has (the tree watch anchors on it)', async () => {
    const t = await helper.launch(req('/bin/sleep', ['60']));
    expect(t.rootStart).toBe(readStartTime('/proc', t.pid as number));
    process.kill(t.pid as number, 'SIGKILL');
    expect(await t.exited).toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('a program that cannot be started is an error, not a hang', async () => {
    const t = await helper.launch(req('/nonexistent/tool', []));
    expect(t.pid).toBeUndefined();
    expect(await t.exited).toMatchObject({ error: expect.objectContaining({ message: expect.stringContaining('ENOENT') }) });
  });

  it('a helper that dies is replaced: the next launch starts a new one and the tool runs', async () => {
    const first = await helper.launch(req('/bin/true', []));
    expect(await first.exited).toEqual({ code: 0, signal: null });
    const old = helper.pid as number;
    process.kill(old, 'SIGKILL');
    await gone(old);
    const next = await helper.launch(req(SH, ['-c', 'echo again']));
    expect(helper.pid).not.toBe(old);
    expect(await drain(next.stdout)).toBe('again\n');
    expect(await next.exited).toEqual({ code: 0, signal: null });
  });
});

describe.runIf(linux)('runner with the spawn helper', () => {
  const jobs: string[] = [];
  const ws = useWorkspace(jobs);

  it('a run in flight when the helper dies ends, and nothing it started is left running', async () => {
    let ready!: () => void;
    const isReady = new Promise<void>((r) => (ready = r));
    const r = request(ws, {
      command: SH,
      args: ['-c', 'sleep 60 & echo ready; wait'],
      sandbox: false,
      onOutput: (lines) => lines.some((l) => l.text === 'ready') && ready(),
    });
    jobs.push(r.jobId);
    await sharedSpawnHelper().start();
    const run = createRunner({ startTools: 'helper' }).runTool(r);
    await isReady;
    const pid = sharedSpawnHelper().pid as number;
    process.kill(pid, 'SIGKILL');
    const outcome = await run;
    expect(outcome.status).toBe('error');
    expect(await markedPids(r.jobId)).toEqual([]);
    // And the next run starts through a new helper.
    const again = request(ws, { command: SH, args: ['-c', 'echo fine'], sandbox: true });
    jobs.push(again.jobId);
    await sharedSpawnHelper().start();
    const next = await createRunner({ startTools: 'helper' }).runTool(again);
    expect(next.status).toBe('completed');
    expect(next.tail.map((l) => l.text)).toContain('fine');
    expect(sharedSpawnHelper().pid).not.toBe(pid);
  });

  it("a runner's first run starts its tool itself (no helper start for a single run); later runs go through the helper once it answers", async () => {
    sharedSpawnHelper().close();
    const runner = createRunner({ startTools: 'helper' });
    const first = request(ws, { command: SH, args: ['-c', 'echo one'], sandbox: false });
    jobs.push(first.jobId);
    expect((await runner.runTool(first)).status).toBe('completed');
    expect(sharedSpawnHelper().ready).toBe(false);
    const second = request(ws, { command: SH, args: ['-c', 'echo two'], sandbox: false });
    jobs.push(second.jobId);
    expect((await runner.runTool(second)).status).toBe('completed');
    await sharedSpawnHelper().start();
    expect(sharedSpawnHelper().ready).toBe(true);
  });
});
