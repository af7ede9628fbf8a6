import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import type { Readable } from 'node:stream';
import type { ExitResult, Launched, LaunchRequest } from './launch';

/**
 * A small pre-started Node process that starts the tools (a "zygote"). Starting a process from this one (the app,
 * hundreds of MB) blocks its main thread in fork() for 4–8 ms a run (page tables in proportion to its memory, then
 * until the child has exec'd); from a process a few tens of MB, less, and on the helper's thread instead of ours.
 *
 * The tool's stdout and stderr are Unix-socket connections to this process: the helper connects twice, says which
 * run and stream each connection is for (a random 128-bit token, so nothing else on the machine can pose as one), and
 * only then starts the tool with those sockets as its output. So no byte
 * of the tool's can arrive before the header, and the helper never reads any of it. The pid, the /proc start time
 * (read by the helper before it could reap the tool) and the exit come over the IPC channel.
 *
 * Linux only. If the helper cannot start or dies, the next run starts another; a run it was starting fails with a
 * start problem, and one it had started is ended by the runner like any other (its tree is found by pid, group,
 * marker and cgroup, none of which depends on who its parent is).
 */
const HELPER_SOURCE = String.raw`
'use strict';
const net = require('node:net');
const cp = require('node:child_process');
const fs = require('node:fs');
process.on('disconnect', () => process.exit(0));
const startOf = (pid) => {
  try {
    const t = fs.readFileSync('/proc/' + pid + '/stat', 'utf8');
    const n = Number(t.slice(t.lastIndexOf(')') + 2).split(' ')[19]);
    return Number.isInteger(n) ? n : null;
  } catch {
    return null;
  }
};
const connect = (sock, header) =>
  new Promise((resolve, reject) => {
    const s = net.connect(sock, () => s.write(header, () => resolve(s)));
    s.once('error', reject);
  });
process.on('message', (m) => {
  if (!m || m.t !== 'spawn') return;
  const fail = (e) => process.send({ t: 'error', id: m.id, message: String(e && e.message || e), code: e && e.code });
  Promise.all([connect(m.sock, m.token + 'o'), connect(m.sock, m.token + 'e')]).then(([o, e]) => {
    let child;
    try {
      child = cp.spawn(m.file, m.args, { cwd: m.cwd, env: m.env, stdio: ['ignore', o, e], detached: true });
    } catch (err) {
      o.destroy();
      e.destroy();
      return fail(err);
    }
    o.destroy();
    e.destroy();
    child.once('error', fail);
    if (child.pid !== undefined) process.send({ t: 'pid', id: m.id, pid: child.pid, start: startOf(child.pid) });
    child.once('exit', (code, signal) => process.send({ t: 'exit', id: m.id, code, signal }));
  }, fail);
});
process.send({ t: 'ready' });
`;

type HelperMessage =
  | { t: 'ready' }
  | { t: 'pid'; id: string; pid: number; start: number | null }
  | { t: 'exit'; id: string; code: number | null; signal: string | null }
  | { t: 'error'; id: string; message: string; code?: string };

interface Pending {
  token: string;
  streams: { o?: net.Socket; e?: net.Socket };
  onStreams: () => void;
  onPid: (pid: number, start: number | null) => void;
  onExit: (r: ExitResult) => void;
}

/** The helper went away (died, or its channel closed) while a run was waiting on it. */
class HelperGone extends Error {}

/** How long a connection may take to say which run it is for. */
const HEADER_WAIT_MS = 5000;

/** The header each output connection starts with: a 32-hex-digit token and the stream ('o' or 'e'). */
const HEADER_BYTES = 33;

export class SpawnHelper {
  private proc: ChildProcess | null = null;
  private starting: Promise<void> | null = null;
  private booted = false;
  private server: net.Server | null = null;
  private sock = '';
  private readonly pending = new Map<string, Pending>();
  private readonly byToken = new Map<string, Pending>();
  private nextId = 0;
  private unusable: unknown = null;
  /** Resolves when the current helper is gone (runs waiting for its output connections stop waiting). */
  private gone: Promise<void> = Promise.resolve();
  private markGone: () => void = () => undefined;

  constructor(private readonly o: { execPath: string; env: NodeJS.ProcessEnv } = { execPath: process.execPath, env: process.env }) {}

  /** Started and answering: a launch now goes through it without waiting for a Node start. */
  get ready(): boolean {
    return this.booted;
  }

  /** Starts the helper in the background (if it is not running); a failure makes it unusable (see startFailed). */
  warm(): void {
    this.start().catch((e: unknown) => this.startFailed(e));
  }

  /** The helper's pid while it runs (tests end it to see it replaced). */
  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /**
   * Starts the tool through the helper; resolves once it has a pid (or has failed to start). Rejects only when the
   * helper itself cannot be started (then the caller starts the tool itself: see startFailed).
   */
  async launch(r: LaunchRequest): Promise<Launched> {
    const first = await this.launchOnce(r);
    // A helper that died before it could start the tool (this process had not heard yet) is replaced once.
    return first.pid === undefined && (await first.exited as { error?: Error }).error instanceof HelperGone ? this.launchOnce(r) : first;
  }

  private async launchOnce(r: LaunchRequest): Promise<Launched> {
    if (this.unusable !== null) throw this.unusable;
    if (this.proc && !this.proc.connected) this.reset(); // died, its exit not seen yet
    await this.start();
    const proc = this.proc as ChildProcess;
    const id = String((this.nextId += 1));
    const token = randomBytes(16).toString('hex');
    let resolveExit!: (r: ExitResult) => void;
    const exited = new Promise<ExitResult>((res) => (resolveExit = res));
    let streamsIn!: () => void;
    const streamsReady = new Promise<void>((res) => (streamsIn = res));
    const started = new Promise<{ pid: number; start: number | null } | null>((resolvePid) => {
      const p: Pending = {
        token,
        streams: {},
        onStreams: () => streamsIn(),
        onPid: (pid, start) => resolvePid({ pid, start }),
        onExit: (x) => {
          this.forget(id);
          resolveExit(x);
          resolvePid(null);
        },
      };
      this.pending.set(id, p);
      this.byToken.set(token, p);
    });
    const gone = this.gone;
    proc.channel?.ref(); // a run is waiting on the helper: keep this process alive for its answer
    proc.send({ t: 'spawn', id, token, sock: this.sock, file: r.file, args: r.args, cwd: r.cwd, env: r.env }, (err) => {
      if (!err) return;
      // The channel is closed: the helper is gone though its exit has not been seen yet. Forget it now, so the
      // retry (see launch) starts a new one.
      this.pending.get(id)?.onExit({ error: new HelperGone(err.message) });
      if (this.proc === proc) this.reset();
    });
    const pid = await started;
    const p = this.byToken.get(token);
    if (pid === null) {
      // Never started: its output connections (if made) carry nothing.
      p?.streams.o?.destroy();
      p?.streams.e?.destroy();
      this.byToken.delete(token);
      return { pid: undefined, rootStart: null, stdout: null, stderr: null, exited, closed: exited };
    }
    // The helper connects both streams before it starts the tool, so they are here or on their way (even when the
    // tool has already exited), unless the helper died in between.
    await Promise.race([streamsReady, gone]);
    this.byToken.delete(token);
    const stdout = (p?.streams.o ?? null) as Readable | null;
    const stderr = (p?.streams.e ?? null) as Readable | null;
    const streamClosed = (s: Readable | null) => (s ? new Promise<void>((res) => (s.closed ? res() : s.once('close', () => res()))) : Promise.resolve());
    const closed = Promise.all([exited, streamClosed(stdout), streamClosed(stderr)]);
    return { pid: pid.pid, rootStart: pid.start, stdout, stderr, exited, closed };
  }

  /** The helper could not be started here: later launches go straight to the caller's own spawn. */
  startFailed(e: unknown): boolean {
    this.unusable = e;
    return true;
  }

  /** Ends the helper (tools it started go on: the runner ends those); the next launch starts a new one. */
  close(): void {
    this.proc?.kill('SIGKILL');
    this.reset();
  }

  private forget(id: string): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.proc?.channel?.unref();
  }

  /** Starts the helper if it is not running; resolves once it answers. */
  start(): Promise<void> {
    this.starting ??= this.boot().catch((e: unknown) => {
      this.reset();
      throw e;
    });
    return this.starting;
  }

  private async boot(): Promise<void> {
    // Linux's abstract socket namespace: no file to leave behind when this process ends without cleaning up (a
    // crash, a test worker killed). Anyone in this network namespace could connect, which the token makes harmless
    // (a connection without a known token is closed unread); a sandboxed tool has a network namespace of its own.
    this.sock = `\0hapyy-spawn-${process.pid}-${randomBytes(8).toString('hex')}`;
    this.gone = new Promise<void>((res) => (this.markGone = res));
    const server = net.createServer((s) => this.accept(s));
    this.server = server;
    await new Promise<void>((res, rej) => {
      server.once('error', rej);
      server.listen(this.sock, () => res());
    });
    server.unref();
    const env = { ...this.o.env, ELECTRON_RUN_AS_NODE: '1' };
    const proc = spawn(this.o.execPath, ['-e', HELPER_SOURCE], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env, serialization: 'json' });
    this.proc = proc;
    // Neither the helper nor its channel keeps the app alive by itself (see launch and forget).
    proc.unref();
    await new Promise<void>((res, rej) => {
      proc.once('error', rej);
      proc.once('exit', () => rej(new Error('the spawn helper exited while starting')));
      proc.on('message', (m: HelperMessage) => {
        if (m.t === 'ready') res();
        else this.onMessage(m);
      });
    });
    proc.channel?.unref();
    this.booted = true;
    proc.once('exit', () => {
      if (this.proc === proc) this.reset();
    });
  }

  private onMessage(m: Exclude<HelperMessage, { t: 'ready' }>): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.t === 'pid') p.onPid(m.pid, m.start);
    else if (m.t === 'exit') p.onExit({ code: m.code, signal: m.signal });
    else p.onExit({ error: Object.assign(new Error(m.message), { code: m.code }) });
  }

  /** Reads an output connection's header, then hands the connection (its remaining bytes untouched) to its run. */
  private accept(s: net.Socket): void {
    // No pause(): once the 'readable' listener is gone the stream is back to its initial mode, and the run's 'data'
    // listener starts the flow with the bytes after the header.
    const read = (): void => {
      const head = s.read(HEADER_BYTES) as Buffer | null;
      if (head === null) {
        s.once('readable', read);
        return;
      }
      const text = head.toString('latin1');
      const p = this.byToken.get(text.slice(0, 32));
      const which = text[32] === 'o' ? 'o' : text[32] === 'e' ? 'e' : null;
      if (!p || !which || p.streams[which]) {
        s.destroy();
        return;
      }
      s.setTimeout(0);
      p.streams[which] = s;
      if (p.streams.o && p.streams.e) p.onStreams();
    };
    s.once('error', () => s.destroy());
    // The helper writes its header at once; anything else on this machine that connects and says nothing is dropped
    // rather than holding a descriptor for as long as the app runs.
    s.setTimeout(HEADER_WAIT_MS, () => s.destroy());
    read();
  }

  /** The helper is gone: runs it was starting or watching get an error; the next launch starts a new helper. */
  private reset(): void {
    const gone = [...this.pending.values()];
    this.pending.clear();
    this.byToken.clear();
    for (const p of gone) p.onExit({ error: new HelperGone('the process that starts tools exited') });
    this.proc = null;
    this.starting = null;
    this.booted = false;
    this.markGone();
    this.server?.close();
    this.server = null;
  }
}

let shared: SpawnHelper | null = null;

/** One helper per process, whatever number of runners it makes (tests make many). */
export function sharedSpawnHelper(): SpawnHelper {
  shared ??= new SpawnHelper();
  return shared;
}
