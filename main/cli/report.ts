import type { EventName, EventPayload } from '../../shared/contract';
import { formatDuration } from '../../shared/format';
import type { JobRecord, JobView, OutputLine } from '../../shared/jobs';
import { table, type CliIo } from './io';

/**
 * What `hapyy run` says while it works. With --json, stdout carries only the four job events as NDJSON (the app's
 * IPC payloads, unchanged) and every human line goes to stderr. Without it, the tools' own output goes where the
 * tool wrote it (stdout lines to stdout, stderr and Hapyy's notes to stderr) and the summary table is on stdout.
 */
export interface Reporter {
  queued(name: string, view: JobView): void;
  started(name: string, view: JobView): void;
  output(name: string, batch: EventPayload<'job:output'>): void;
  finished(name: string, record: JobRecord): void;
  /** A human line about one project (or, with name null, the whole command). */
  note(name: string | null, text: string): void;
  summary(rows: { name: string; record: JobRecord; outDir?: string }[]): void;
}

export function createReporter(io: CliIo, opts: { json: boolean; several: boolean }): Reporter {
  const prefix = (name: string | null) => (opts.several && name !== null ? `[${name}] ` : '');
  const event = <E extends EventName>(name: E, payload: EventPayload<E>) => io.stdout(`${JSON.stringify({ event: name, payload })}\n`);
  const note = (name: string | null, text: string) => io.stderr(`${prefix(name)}${text}\n`);
  return {
    queued(name, view) {
      if (opts.json) event('job:queued', view);
      note(name, describePlace(view));
    },
    started(name, view) {
      if (opts.json) event('job:started', view);
      note(name, `started: ${view.record.toolName}${view.record.engine ? ` (${view.record.engine.name})` : ''}`);
    },
    output(name, batch) {
      if (opts.json) {
        event('job:output', batch);
        return;
      }
      const lines = (stream: OutputLine['stream'][]) =>
        batch.lines
          .filter((l) => stream.includes(l.stream))
          .map((l) => `${prefix(name)}${l.text}\n`)
          .join('');
      const out = lines(['stdout']);
      const err = lines(['stderr', 'system']);
      if (out) io.stdout(out);
      if (err) io.stderr(err);
    },
    finished(name, record) {
      if (opts.json) event('job:finished', record);
      if (opts.several) note(name, `${record.status}: ${record.message}`);
    },
    note,
    summary(rows) {
      if (rows.length === 0) return;
      const text = table([
        ['PROJECT', 'STATUS', 'EXIT', 'TIME', 'ENGINE', 'RESULT'],
        ...rows.map(({ name, record: r, outDir }) => [
          name,
          r.status,
          r.exitCode === null ? '-' : String(r.exitCode),
          r.durationMs === null ? '-' : formatDuration(r.durationMs),
          r.engine ? `${r.engine.name} ${r.engine.version}` : '-',
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
