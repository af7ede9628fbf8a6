import { readFileSync } from 'node:fs';
import { access, constants, mkdir, realpath, stat } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../../shared/errors';
import type { OutputLine, RunEndStatus } from '../../shared/jobs';
import { cgroupTaskLimit, createRunCgroup, type KillGroup, type RunCgroup } from './cgroups';
import type { RunnerDeps } from './deps';
import { buildToolEnv } from './env';
import type { Facilities } from './facilities';
import { launchPolicy, planLaunch, TOOL_WRITABLE, type LaunchInput, type LaunchPlan } from './launch-plan';
import type { Launched, LaunchRequest } from './launch';
import { outcomeMessage, statusForStop, type StopReason } from './messages';
import { OutputCapture } from './output-capture';
import type { ProcSampler } from './proc-sampler';
import { readPidCounters } from './linux-procs';
import { createTreeScanner, type TreeMember, type TreeScanner } from './process-tree';
import { canWatchTree } from './protections';
import { RUN_LAYOUT, runPaths } from '../store/layout';
import { describeExposure } from './sandbox';
import { endTree, endTreeWindows, signal, type EndTreeResult } from './tree-kill';
import type { RunOutcome, RunRequest } from './types';
import { MAX_ENTRIES, WriteWatch, type FolderBytes } from './write-watch';

/** How long the pipes may stay open once the whole tree is gone (a process outside it holding them). */
const PIPE_CLOSE_WAIT_MS = 2000;

const STOP_LINES: Record<StopReason, string> = {
  timeout: 'Hapyy: time limit reached; stopping the tool.',
  cancelled: 'Hapyy: run cancelled; stopping the tool.',
  shutdown: 'Hapyy is closing; stopping the tool.',
  'output-limit': 'Hapyy: output limit reached; stopping the tool.',
  'memory-limit': 'Hapyy: memory limit reached; stopping the tool.',
  'write-limit': 'Hapyy: limit on bytes written reached; stopping the tool.',
  'process-limit': 'Hapyy: process limit reached; stopping the tool.',
};

/** After cgroup.kill, how long to wait for the kernel to report the cgroup empty (a process stuck in the kernel). */
const GIVE_UP_MS = 10_000;

/**
 * The sandbox's own processes among `pids` (spared the SIGTERM round: see EndTreeOptions.isWrapper). Read
 * synchronously, like /proc/<pid>/stat in linux-procs.ts: `comm` is a kernel field, and a cancel waits for this.
 */
function wrapperPids(procRoot: string, pids: number[]): Set<number> {
  const comm = (pid: number): string => {
    try {
      return readFileSync(path.join(procRoot, String(pid), 'comm'), 'utf8').trim();
    } catch {
      return '';
    }
  };
  return new Set(pids.filter((pid) => comm(pid) === 'bwrap'));
}

/**
 * Waits for `p`, at most `ms`; the timer does not outlive the wait. A plain timer, not an aborted timers/promises
 * sleep: that abort makes an AbortError (a DOMException with its stack) twice on every run's end.
 */
async function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/**
 * A problem found before the tool could start, in the one error style of main/ (AppError): plain words for the user
 * as the message, the raw error for the log in `details.system`.
 */
const startProblem = (plain: string, system: string): AppError => new AppError('unavailable', plain, { system });
const asStartProblem = (e: unknown): { plain: string; system: string } | null =>
  e instanceof AppError && e.code === 'unavailable' && typeof e.details?.system === 'string' ? { plain: e.message, system: e.details.system } : null;

/**
 * One run, from preparing its folder to the moment its whole process tree is gone.
 * `stop` may be called at any time (timeout, cancel, a limit, app quit); the first reason wins.
 */
export class ToolRun {
  private readonly now: () => number;
  private stopReason: StopReason | null = null;
  private stopping: Promise<EndTreeResult> | null = null;
  /** The tool's main process has exited; later stops only record nothing. */
  private mainExited = false;
  private capture: OutputCapture | null = null;
  private scanner: TreeScanner | null = null;
  private plan: LaunchPlan | null = null;
  private peakMemory: number | null = null;
  private cgroup: RunCgroup | null = null;
  private rootPid: number | undefined;
  /** When the tree may have ended: the main process's exit, and the end of both output pipes (see KillGroup.whenEmpty). */
  private endSigns: Promise<unknown>[] = [];

  private facilities!: Facilities;
  private readonly onAbort = (): void => this.stop('cancelled');

  constructor(
    private readonly req: RunRequest,
    private readonly deps: RunnerDeps,
    /** Probed machine facilities; awaited inside the run so a stop during probing is not missed. */
    private readonly probe: () => Promise<Facilities>,
    /** The runner's one /proc sampling clock, shared by its runs. */
    private readonly sampler: ProcSampler,
    /** Starts the tool's command line (in this process, or through the spawn helper). */
    private readonly launch: (r: LaunchRequest) => Promise<Launched>,
    /** Walks the writable folders for the write limit (in a worker thread for a runner's runs). */
    private readonly walk: FolderBytes,
  ) {
    this.now = req.now ?? deps.now;
  }

  stop(reason: StopReason): void {
    if (this.stopReason !== null || this.mainExited) return;
    this.stopReason = reason;
    this.capture?.system(STOP_LINES[reason]);
    if (this.scanner) this.stopping = this.endTree(this.req.limits.graceMs);
  }

  /** Never rejects. */
  async execute(): Promise<RunOutcome> {
    const startedAt = this.now();
    let cgroup: RunCgroup | null = null;
    this.req.signal?.addEventListener('abort', this.onAbort, { once: true });
    try {
      this.facilities = await this.probe();
      return await this.run(startedAt, (c) => (cgroup = c));
    } catch (e) {
      const problem = asStartProblem(e);
      const systemError = problem?.system ?? (e instanceof Error ? e.message : String(e));
      this.capture?.system(`Hapyy: ${systemError}`);
      // Whatever went wrong, nothing the tool started may outlive the run.
      if (this.scanner && !this.stopping) this.stopping = this.endTree(0);
      await this.stopping?.catch(() => undefined);
      return this.outcome(startedAt, 'error', null, null, {
        systemError,
        message: problem
          ? outcomeMessage({ ...this.messageBase('error', null, null), startProblem: problem.plain })
          : 'Something went wrong inside Hapyy while running the tool. The details are in the log.',
      });
    } finally {
      this.req.signal?.removeEventListener('abort', this.onAbort);
      await Promise.all([(cgroup as RunCgroup | null)?.remove(), this.capture?.close().catch(() => undefined)]);
    }
  }

  private async run(startedAt: number, keepCgroup: (c: RunCgroup) => void): Promise<RunOutcome> {
    const { req, deps, facilities: f } = this;
    const run = runPaths(req.runDir);
    const { input, home, tmp } = run;
    if (!path.isAbsolute(req.runDir) || !(await stat(input).then((s) => s.isDirectory(), () => false))) {
      throw startProblem('its run folder is not ready', `run folder ${req.runDir} has no ${RUN_LAYOUT.input}/ folder`);
    }
    // The steps before the spawn do not depend on one another: started together, a run waits for the slowest of
    // them instead of their sum (each is a thread-pool round trip, and on a busy machine each costs a few ms).
    const writes = new WriteWatch(TOOL_WRITABLE.map((w) => path.join(req.runDir, w)), req.limits.writeBytes, this.walk);
    const wantCgroup = f.cgroups.memory || f.cgroups.pids || f.cgroups.kill;
    // mkdir (recursive) names the first folder it made: those are new, so empty.
    const madeDirs = Promise.all([home, tmp, run.output].map((d) => mkdir(d, { recursive: true })));
    const realDir = realpath(req.runDir);
    const env = buildToolEnv({ base: deps.baseEnv, platform: f.platform, jobId: req.jobId, homeDir: home, tmpDir: tmp, extra: req.env });
    const launchInput = (realRunDir: string): LaunchInput => ({
      command: req.command,
      args: req.args,
      runDirs: realRunDir === req.runDir ? [req.runDir] : [req.runDir, realRunDir],
      cwd: req.cwd ?? input,
      limits: req.limits,
      sandbox: req.sandbox,
      extraReadOnly: req.extraReadOnly,
      pathVar: env.PATH,
    });
    // The sandbox policy's look-ups overlap the steps below (a failure is told by planLaunch, after theirs).
    const policy = realDir.then((r) => launchPolicy(f, launchInput(r)));
    policy.catch(() => undefined);
    const [dirs, capture, command, made, watched, real] = await Promise.allSettled([
      madeDirs,
      OutputCapture.open({
        logPath: run.log,
        linesKept: req.limits.outputLinesKept,
        logBytes: req.limits.logBytes,
        now: this.now,
        onOutput: req.onOutput,
        onLimit: () => this.stop('output-limit'),
      }),
      this.checkCommand(),
      wantCgroup ? createRunCgroup(f.cgroups, req.jobId, { memoryBytes: req.limits.memoryBytes, tasks: cgroupTaskLimit(req.limits.processes) }) : null,
      writes.start(madeDirs.then((made) => new Set(made.filter((d): d is string => d !== undefined)))),
      realDir,
    ]);
    // Whatever failed, a cgroup that was made is kept for removal; the log is open before a start problem is told.
    const cgroup = made.status === 'fulfilled' ? made.value : null;
    if (cgroup) keepCgroup(cgroup);
    this.cgroup = cgroup;
    if (capture.status === 'rejected') throw capture.reason;
    this.capture = capture.value;
    // In the order they ran in before, so the same problem is told first.
    for (const r of [dirs, command, made, watched]) if (r.status === 'rejected') throw r.reason;
    if (real.status === 'rejected') throw real.reason;
    const realRunDir = real.value;
    if (req.signal?.aborted) this.stop('cancelled');
    if (this.stopReason) return this.stoppedBeforeStart(startedAt, this.stopReason);

    this.plan = await planLaunch(f, cgroup, launchInput(realRunDir), policy);
    // Before the root exists, so the counters bound every pid the run can be given (see pidFloor).
    const pidsBefore = f.platform === 'linux' ? readPidCounters(deps.procRoot) : null;
    const launched = await this.launch({ file: this.plan.file, args: this.plan.args, cwd: req.cwd ?? input, env, platform: f.platform, procRoot: deps.procRoot });
    const { exited, closed } = launched;
    const pipes = this.wirePipes(launched);
    // Both pipes end when the last process holding them has exited, whoever it was.
    const outputEnded = Promise.all(pipes.map((p) => finished(p).catch(() => undefined)));
    this.endSigns = [exited, outputEnded];
    this.rootPid = launched.pid;
    if (launched.pid !== undefined) {
      this.scanner = createTreeScanner({
        platform: f.platform,
        procRoot: deps.procRoot,
        rootPid: launched.pid,
        rootStart: launched.rootStart,
        jobId: req.jobId,
        pidsBefore,
        extraPids: cgroup?.pids,
      });
    }
    const timer = setTimeout(() => this.stop('timeout'), req.timeoutMs);
    const sampler = this.startSampler();
    const writeSampler = this.startWriteSampler(writes);
    // A stop requested while spawning (cancel, app quit) applies now that there is a tree to end.
    if (this.stopReason && !this.stopping && this.scanner) this.stopping = this.endTree(req.limits.graceMs);

    const first = await exited;
    this.mainExited = true;
    clearTimeout(timer);
    sampler?.();
    clearInterval(writeSampler);
    if ('error' in first) {
      throw startProblem(first.error.message.replace(/\.$/, ''), first.error.message);
    }
    if (this.stopping) {
      await this.reportRemaining(await this.stopping);
    } else if (this.scanner) {
      // The tool is done; end anything it left running (daemons, background jobs).
      const left = await this.endTree(req.limits.graceMs);
      if (left.signalled > 0) this.capture.system(`Hapyy: ended ${left.signalled} process(es) the tool left running.`);
      await this.reportRemaining(left);
    }
    // Read while the pipes drain: the tree is gone, so neither can change any more. A tool that wrote past the cap
    // between two samples and exited is over it all the same.
    const oomRead = cgroup?.oomKills() ?? Promise.resolve(0);
    const overRead = this.stopReason ? Promise.resolve(false) : writes.over();
    await within(outputEnded, PIPE_CLOSE_WAIT_MS);
    for (const p of pipes) p.destroy();
    this.capture.noteCut();
    await within(closed, PIPE_CLOSE_WAIT_MS);

    const [oomKills, overWrites] = await Promise.all([oomRead, overRead]);
    // Nothing skipped without a word: a tree past the walk's bound was not counted whole for the write limit.
    if (writes.cut) {
      this.capture.system(`Hapyy: the run's folders held more than ${MAX_ENTRIES.toLocaleString('en-US')} files and folders; the limit on bytes written counted only the first ${MAX_ENTRIES.toLocaleString('en-US')}.`);
    }
    const reason = this.stopReason ?? (this.capture.limitReached ? 'output-limit' : overWrites ? 'write-limit' : null);
    const status: RunEndStatus = reason
      ? statusForStop(reason)
      : oomKills > 0
        ? 'memory-limit'
        : first.code === 0
          ? 'completed'
          : 'failed';
    return this.outcome(startedAt, status, first.code, first.signal, {
      systemError: this.capture.logError ? `Could not write ${RUN_LAYOUT.log}: ${this.capture.logError}` : null,
      message: outcomeMessage({ ...this.messageBase(status, first.code, first.signal), stopReason: reason }),
    });
  }

  /** ENOENT and EACCES are found here rather than by the spawn: behind a wrapper they would look like tool exits. */
  private async checkCommand(): Promise<void> {
    const { command } = this.req;
    if (!path.isAbsolute(command)) {
      throw startProblem(`the path ${command} is not absolute`, `spawn ${command} EINVAL (not an absolute path)`);
    }
    try {
      await access(command, this.facilities.platform === 'win32' ? constants.F_OK : constants.X_OK);
      if ((await stat(command)).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
      const plain =
        code === 'ENOENT' ? `${command} was not found` : code === 'EACCES' ? `${command} is not executable` : `${command} cannot be run (${code})`;
      throw startProblem(plain, `spawn ${command} ${code}`);
    }
  }

  private wirePipes(child: Pick<Launched, 'stdout' | 'stderr'>): Readable[] {
    const capture = this.capture as OutputCapture;
    const pipes: [('stdout' | 'stderr'), Readable | null][] = [
      ['stdout', child.stdout],
      ['stderr', child.stderr],
    ];
    const live = pipes.flatMap(([, p]) => (p ? [p] : []));
    // Backpressure: pause the pipes while the log catches up, instead of buffering output in memory.
    capture.onDrain(() => live.forEach((p) => p.resume()));
    for (const [name, pipe] of pipes) {
      if (!pipe) continue;
      pipe.on('data', (chunk: Buffer) => {
        if (!capture.write(name, chunk)) live.forEach((p) => p.pause());
      });
      pipe.once('end', () => capture.endStream(name));
      pipe.on('error', () => undefined); // EPIPE/destroy after the tree is gone; the log already has what arrived
    }
    return live;
  }

  /** Memory and process count of the tree, on the runner's shared sampling clock; returns the way to stop. */
  private startSampler(): (() => void) | undefined {
    if (!this.scanner || !canWatchTree(this.facilities.platform)) return undefined;
    return this.sampler.watch(async (procs) => {
      if (this.mainExited || this.stopReason || !this.scanner) return;
      const snap = await this.scanner.snapshot(procs);
      if (snap.rssBytes !== null && snap.members.length > 0) this.peakMemory = Math.max(this.peakMemory ?? 0, snap.rssBytes);
      if (this.mainExited || this.stopReason) return;
      const counted = snap.members.filter((m) => !this.isWrapper(m));
      if (snap.rssBytes !== null && snap.rssBytes > this.req.limits.memoryBytes) this.stop('memory-limit');
      else if (counted.length > this.req.limits.processes) this.stop('process-limit');
    });
  }

  /** The bytes the tool added to its run folder, sampled less often than the tree (it walks folders). */
  private startWriteSampler(writes: WriteWatch): NodeJS.Timeout {
    let busy = false;
    return setInterval(() => {
      if (busy || this.mainExited || this.stopReason) return;
      busy = true;
      writes
        .over()
        .then((over) => {
          if (over) this.stop('write-limit');
        })
        .catch(() => undefined)
        .finally(() => (busy = false));
    }, this.deps.sampleMs * 4);
  }

  private isWrapper(m: TreeMember): boolean {
    return this.plan?.sandboxed === true && m.comm === 'bwrap';
  }

  private endTree(graceMs: number): Promise<EndTreeResult> {
    const scanner = this.scanner as TreeScanner;
    if (this.facilities.platform === 'win32') {
      const root = (async () => (await scanner.members())[0]?.pid)();
      return root.then((pid) => (pid === undefined ? { signalled: 0, remaining: [] } : endTreeWindows(pid, async () => (await scanner.members()).length > 0)));
    }
    const kg = this.cgroup?.killGroup;
    if (kg && this.facilities.platform === 'linux') return this.endContained(kg, graceMs);
    return endTree({ scanner, graceMs, isWrapper: (m) => this.isWrapper(m), pollMs: this.deps.pollMs });
  }

  /**
   * The run's cgroup holds its whole tree: SIGTERM to the processes in it, then wait for the kernel's event that it
   * is empty (no re-scans); when the grace period is over, one write to cgroup.kill ends the rest. In a PID namespace
   * nothing can be outside; otherwise a tool running as root could have moved itself to another cgroup, so one scan
   * of /proc confirms, and what it finds is ended the general way.
   */
  private async endContained(kg: KillGroup, graceMs: number): Promise<EndTreeResult> {
    const scanner = this.scanner as TreeScanner;
    const general = (grace: number, emptyScans: 1 | 2 = 2) =>
      endTree({ scanner, graceMs: grace, isWrapper: (m) => this.isWrapper(m), pollMs: this.deps.pollMs, emptyScans });
    const killAt = this.now() + graceMs;
    const pids = await kg.pids();
    // A stop while the launcher has not joined the cgroup yet: the general way.
    if (!this.mainExited && this.rootPid !== undefined && !pids.includes(this.rootPid)) return general(graceMs);
    const signalled = new Set<number>();
    if (pids.length > 0) {
      let empty = false;
      if (graceMs > 0) {
        const wrappers = this.plan?.sandboxed ? wrapperPids(this.deps.procRoot, pids) : new Set<number>();
        for (const pid of pids) {
          if (wrappers.has(pid)) continue;
          signal(pid, 'SIGTERM');
          signalled.add(pid);
        }
        empty = await kg.whenEmpty(graceMs, this.endSigns);
      }
      if (!empty) {
        for (const pid of await kg.pids()) signalled.add(pid);
        await this.cgroup?.killAll();
        await kg.whenEmpty(GIVE_UP_MS, this.endSigns);
      }
    }
    const inside = await kg.pids();
    if (inside.length > 0) return { signalled: signalled.size, remaining: inside };
    if (this.plan?.sandboxed) return { signalled: signalled.size, remaining: [] };
    // One empty scan is enough here: a second one guards against a listed process forking and exiting before it is
    // read, and the tree's own processes did that inside the cgroup, which the kernel has reported empty.
    const outside = await general(Math.max(0, killAt - this.now()), 1);
    return { signalled: signalled.size + outside.signalled, remaining: outside.remaining };
  }

  private async reportRemaining(r: EndTreeResult): Promise<void> {
    if (r.remaining.length > 0) this.capture?.system(`Hapyy: could not end process(es) ${r.remaining.join(', ')}.`);
  }

  private stoppedBeforeStart(startedAt: number, reason: StopReason): RunOutcome {
    const status = statusForStop(reason);
    return this.outcome(startedAt, status, null, null, {
      systemError: null,
      message: outcomeMessage({ ...this.messageBase(status, null, null), stopReason: reason }),
    });
  }

  private messageBase(status: RunEndStatus, exitCode: number | null, signal: string | null) {
    const l = this.req.limits;
    return {
      status,
      stopReason: null,
      exitCode,
      signal,
      timeoutMs: this.req.timeoutMs,
      logBytes: l.logBytes,
      memoryBytes: l.memoryBytes,
      processes: l.processes,
      fileWriteBytes: l.fileWriteBytes,
      writeBytes: l.writeBytes,
    };
  }

  private outcome(
    startedAt: number,
    status: RunEndStatus,
    exitCode: number | null,
    signal: string | null,
    text: { message: string; systemError: string | null },
  ): RunOutcome {
    const finishedAt = this.now();
    const capture = this.capture;
    let tail: OutputLine[] | undefined;
    return {
      status,
      exitCode,
      signal,
      startedAt,
      finishedAt,
      durationMs: Math.max(0, finishedAt - startedAt),
      outputLines: this.capture?.lines ?? 0,
      outputBytes: this.capture?.bytes ?? 0,
      truncated: this.capture?.truncated ?? false,
      // Made on first read: the app reads a finished run's lines back from run.log, and making them here held up to
      // 8 MB more at every run's end in a flood of long lines.
      get tail(): OutputLine[] {
        tail ??= capture?.tail() ?? [];
        return tail;
      },
      peakMemoryBytes: this.peakMemory,
      protections: this.plan?.protections ?? [],
      sandboxExposed: describeExposure(this.plan?.policy ?? null),
      message: text.message,
      stopped: this.stopReason !== null || (this.capture?.limitReached ?? false),
      systemError: text.systemError,
    };
  }
}
