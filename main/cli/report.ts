import type { EventName, EventPayload } from '../../shared/contract';
import { formatDuration } from '../../shared/format';
import type { JobRecord, JobView, OutputLine } from '../../shared/jobs';
import { countLine, formatFinding, readFindings, type Finding } from './format/findings';
import { githubAnnotation } from './format/github';
import { copyRawOutput } from './format/raw-log';
import { table, type CliIo } from './io';

/** How `hapyy run` prints findings: `path:line:col  severity  code  message`, or GitHub Actions annotations. */
export type OutputFormat = 'human' | 'github';

/**
 * What `hapyy run` says while it works. With --json, stdout carries only the four job events as NDJSON (the app's
 * IPC payloads; the finished record also carries `findings`, the diagnostics themselves) and every human line goes to stderr. Otherwise
 * stdout carries the findings (as text or annotations) and the summary table; progress notes go to stderr. The
 * engine's own output is printed only with --raw, exactly as written, from the run's full log.
 */
export interface Reporter {
  queued(name: string, view: JobView): void;
  started(name: string, view: JobView): void;
  output(name: string, batch: EventPayload<'job:output'>): void;
  finished(name: string, record: JobRecord): void;
  /** A human line about one project (or, with name null, the whole command). */
  note(name: string | null, text: string): void;
  /** Resolves when everything about finished jobs has been printed. */
  flush(): Promise<void>;
  /** The findings of a finished job, as read for printing (empty before it finished). */
  findings(jobId: string): readonly Finding[];
  summary(rows: { name: string; record: JobRecord; outDir?: string }[]): void;
}

export interface ReporterOptions {
  json: boolean;
  several: boolean;
  format?: OutputFormat;
  raw?: boolean;
  /** The run folder of a job (its run.log and diagnostics.json). */
  runDir: (jobId: string) => string;
  /** How a project's file is named in output, by project display name (see projectPathNamer). */
  pathFor: (name: string) => (file: string) => string;
}

export function createReporter(io: CliIo, opts: ReporterOptions): Reporter {
  const prefix = (name: string | null) => (opts.several && name !== null ? `[${name}] ` : '');
  const event = <E extends EventName>(name: E, payload: unknown) => io.stdout(`${JSON.stringify({ event: name, payload })}\n`);
  const note = (name: string | null, text: string) => io.stderr(`${prefix(name)}${text}\n`);
  const found = new Map<string, Finding[]>();
  /** Per job: the last output sequence number streamed, and how many were skipped (thinned under load). */
  const streamed = new Map<string, { last: number; skipped: number }>();
  let chain: Promise<void> = Promise.resolve();
  /** Prints chained and not yet done. */
  let behind = 0;
  /**
   * Prints in the order things happened: a finished job's results are read from its files before they are printed,
   * and whatever happens meanwhile (the next job's start, another's output) waits behind them, so the next job is
   * never seen started before the one it followed is seen finished. With nothing waiting, it prints at once.
   */
  const inOrder = (print: () => void | Promise<void>, onError: (e: unknown) => void): void => {
    if (behind === 0) {
      let done: void | Promise<void>;
      try {
        done = print();
      } catch (e) {
        onError(e);
        return;
      }
      if (!(done instanceof Promise)) return;
      behind += 1;
      chain = done.catch(onError).finally(() => (behind -= 1));
      return;
    }
    behind += 1;
    chain = chain
      .then(print)
      .catch(onError)
      .finally(() => (behind -= 1));
  };
  const failedToPrint = (e: unknown) => note(null, `could not print: ${(e as Error).message}`);

  const afterFinish = async (name: string, record: JobRecord) => {
    const runDir = opts.runDir(record.jobId);
    if (opts.raw && !opts.json) {
      if (opts.several) note(name, 'the engine’s output:');
      const raw = await copyRawOutput(runDir, io);
      for (const n of raw.notes) note(name, n);
      if (raw.malformed > 0) note(name, `${raw.malformed} records of ${runDir}/run.log were not in the expected layout and were not printed.`);
    }
    const { findings, unreadable, problem } = await readFindings(runDir);
    found.set(record.jobId, findings);
    if (problem) note(name, `the findings could not be read (${problem}); the engine’s full output is in ${runDir}/run.log.`);
    if (unreadable > 0) note(name, `${unreadable} entries of ${runDir}/diagnostics.json are not findings and are not shown.`);

    if (opts.json) {
      const s = streamed.get(record.jobId);
      const skipped = (s?.skipped ?? 0) + Math.max(0, record.outputLines - (s?.last ?? 0));
      if (skipped > 0 && record.startedAt !== null) {
        note(name, `${skipped} of ${record.outputLines} output lines were not streamed as job:output events (batched output is thinned under heavy load); the full log is ${runDir}/run.log.`);
      }
      event('job:finished', { ...record, findings });
      return;
    }
    const shown = opts.pathFor(name);
    if (opts.format === 'github') io.stdout(findings.map((f) => githubAnnotation(f, shown(f.file))).join(''));
    else io.stdout(findings.map((f) => `${formatFinding(f, shown(f.file))}\n`).join(''));
    const failedToRun = record.status !== 'completed' && record.status !== 'failed';
    if (!opts.raw && findings.length === 0 && failedToRun && record.startedAt !== null) {
      note(name, `the engine’s output is in ${runDir}/run.log (or run again with --raw to see it here).`);
    }
    if (opts.several) note(name, `${record.status}: ${record.message}`);
  };

  return {
    queued(name, view) {
      inOrder(() => {
        if (opts.json) event('job:queued', view);
        note(name, describePlace(view));
      }, failedToPrint);
    },
    started(name, view) {
      inOrder(() => {
        if (opts.json) event('job:started', view);
        note(name, `started: ${view.record.toolName}${view.record.engine ? ` (${view.record.engine.name})` : ''}`);
      }, failedToPrint);
    },
    output(_name, batch) {
      // Only --json streams output live; human output and --raw come from the full log once the run ends.
      if (!opts.json) return;
      const s = streamed.get(batch.jobId) ?? { last: 0, skipped: 0 };
      for (const l of batch.lines as OutputLine[]) {
        if (l.seq > s.last + 1) s.skipped += l.seq - s.last - 1;
        s.last = Math.max(s.last, l.seq);
      }
      streamed.set(batch.jobId, s);
      inOrder(() => event('job:output', batch), failedToPrint);
    },
    finished(name, record) {
      inOrder(
        () => afterFinish(name, record),
        (error: unknown) => note(name, `the results could not be printed: ${(error as Error).message}`),
      );
    },
    note,
    flush: () => chain,
    findings: (jobId) => found.get(jobId) ?? [],
    summary(rows) {
      if (rows.length === 0) return;
      const text = table([
        ['PROJECT', 'STATUS', 'EXIT', 'TIME', 'ENGINE', 'FINDINGS', 'RESULT'],
        ...rows.map(({ name, record: r, outDir }) => [
          name,
          r.status,
          r.exitCode === null ? '-' : String(r.exitCode),
          r.durationMs === null ? '-' : formatDuration(r.durationMs),
          r.engine ? `${r.engine.name} ${r.engine.version}` : '-',
          r.startedAt === null ? '-' : countLine(found.get(r.jobId) ?? []),
          outDir ? `${r.message} → ${outDir}` : r.message,
        ]),
      ]);
      if (opts.json) io.stderr(`\n${text}\n`);
      else io.stdout(`\n${text}\n`);
    },
  };
}

/** "queued: place 3 in line, starts in about 20 s (at most 45 s)". */
export function describePlace(view: JobView): string {
  if (view.position === null) return 'queued';
  const place = `queued: place ${view.position} in line`;
  const est = view.estimate;
  if (!est) return `${place} (no estimate yet)`;
  const [typical, worst] = est.waitMs;
  if (worst <= 0) return `${place}, starting now`;
  const at = Math.max(0, typical);
  return worst > at ? `${place}, starts in about ${formatDuration(at)} (at most ${formatDuration(worst)})` : `${place}, starts in about ${formatDuration(at)}`;
}
