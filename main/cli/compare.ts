import type { ComparedProblem, CompareResult, RunSide } from '../../shared/compare';
import type { Diagnostic } from '../../shared/diagnostics';
import { formatBytes, formatDuration } from '../../shared/format';
import { compareJobs } from '../compare';
import type { Engine } from '../services/engine';
import { EXIT, type ExitCode } from './exit-codes';
import { table, type CliIo } from './io';

/**
 * `hapyy compare <runA> <runB>`: what run B fixed and broke since run A, from the data folder's history. With
 * --json, stdout is the compare result as one JSON object (the same value the window receives).
 */
export async function compareCommand(engine: Engine, io: CliIo, runA: string, runB: string, json: boolean): Promise<ExitCode> {
  const result = await compareJobs({ records: () => engine.queue.list(), runDir: (id) => engine.runs.runDir(id) }, runA, runB);
  if (json) io.stdout(`${JSON.stringify(result)}\n`);
  else io.stdout(describeCompare(result));
  return EXIT.ok;
}

export function describeCompare(r: CompareResult): string {
  const { problems, files } = r;
  const out: string[] = [];
  const row = (label: string, f: (s: RunSide) => string) => [label, f(r.a), f(r.b)];
  out.push(
    table([
      ['', 'A', 'B'],
      row('run', (s) => s.jobId),
      row('tool', (s) => s.toolName),
      row('project', (s) => s.projectName),
      row('status', (s) => s.status),
      row('exit code', (s) => (s.exitCode === null ? '-' : String(s.exitCode))),
      row('time', (s) => (s.durationMs === null ? '-' : formatDuration(s.durationMs))),
      row('engine', (s) => (s.engine ? `${s.engine.name} ${s.engine.version}` : '-')),
    ]),
    '',
    `Problems: ${problems.new.length} new, ${problems.fixed.length} fixed, ${problems.unchanged.length} unchanged`,
  );
  const list = (title: string, items: ComparedProblem[], pick: (p: ComparedProblem) => Diagnostic | null) => {
    if (items.length === 0) return;
    out.push('', `${title}:`);
    for (const p of items) {
      const d = pick(p);
      if (d) out.push(`  ${problemLine(d)}`);
    }
  };
  list('New', problems.new, (p) => p.b);
  list('Fixed', problems.fixed, (p) => p.a);

  const count = (c: 'added' | 'removed' | 'changed') => files.changes.filter((f) => f.change === c).length;
  out.push('', `Files: ${count('added')} added, ${count('removed')} removed, ${count('changed')} changed, ${files.unchanged} unchanged`);
  for (const f of files.changes) {
    const size = f.change === 'added' ? formatBytes(f.sizeB ?? 0) : f.change === 'removed' ? formatBytes(f.sizeA ?? 0) : `${formatBytes(f.sizeA ?? 0)} → ${formatBytes(f.sizeB ?? 0)}`;
    out.push(`  ${f.change.padEnd(7)} ${f.path} (${size}${f.kind === 'binary' ? ', binary' : ''})`);
    if (f.diffNote) out.push(`    ${f.diffNote}`);
  }
  for (const f of files.changes) if (f.diff) out.push('', f.diff.trimEnd());
  for (const note of r.notes) out.push('', `Note: ${note}`);
  return `${out.join('\n')}\n`;
}

/** `file:line:column: severity code: message`, the shape editors and CI logs link. */
export function problemLine(d: Pick<Diagnostic, 'file' | 'line' | 'column' | 'code' | 'message'> & { severity: string }): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`;
}
