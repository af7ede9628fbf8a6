import { join, relative, isAbsolute } from 'node:path';
import { formatDuration } from '../../shared/format';
import { BUILTIN_TOOLS } from '../../shared/tools';
import { listExamples } from '../registry';
import type { Engine } from '../services/engine';
import { EXIT, type ExitCode } from './exit-codes';
import { table, type CliIo } from './io';

/** `hapyy tools`: every tool, available or not, with its engine, version and path, or what was looked for. */
export async function toolsCommand(engine: Engine, io: CliIo, json: boolean): Promise<ExitCode> {
  await engine.registry.ready();
  const tools = engine.registry.list();
  if (json) {
    io.stdout(`${JSON.stringify(tools)}\n`);
    return EXIT.ok;
  }
  const rows = tools.map((t) => [
    t.tool.id,
    t.available ? 'yes' : 'no',
    t.engine?.name ?? '-',
    t.engine?.version ?? '-',
    t.engine?.path ?? `looked for ${t.lookedFor.map((l) => l.commands.join(', ')).join('; ')}`,
  ]);
  io.stdout(`${table([['TOOL', 'AVAILABLE', 'ENGINE', 'VERSION', 'PATH'], ...rows])}\n`);
  // What a run started now would get, from the settings in force (--config included) and this machine.
  const protections = await engine.protections();
  const shown = protections.filter((p) => p.id === 'bubblewrap' || p.id === 'no-network' || p.id === 'read-only-system');
  io.stdout(`\nProtections for runs started now:\n${shown.map((p) => `  ${p.active ? 'on ' : 'OFF'}  ${p.label}${p.active ? '' : ` — ${p.detail.replace(/^Not in force: /, '')}`}\n`).join('')}`);
  const missing = tools.filter((t) => !t.available && t.install.length > 0);
  if (missing.length > 0) {
    io.stderr(`\nTo install:\n${missing.map((t) => `  ${t.tool.id}: ${t.install.join(' ')}\n`).join('')}`);
  }
  return EXIT.ok;
}

/** `hapyy examples [<tool-id>]`: the bundled example projects, with the folder to pass to `hapyy run`. */
export async function examplesCommand(examplesDir: string, io: CliIo, toolId: string | undefined, json: boolean, cwd: string): Promise<ExitCode> {
  if (toolId !== undefined && !BUILTIN_TOOLS.some((t) => t.id === toolId)) {
    io.stderr(`hapyy: there is no built-in tool called “${toolId}”; \`hapyy tools\` lists them.\n`);
    return EXIT.usage;
  }
  const examples = (await listExamples(examplesDir))
    .filter((x) => toolId === undefined || x.toolId === toolId)
    .map((x) => ({ ...x, path: join(examplesDir, x.toolId, x.id) }));
  if (json) {
    io.stdout(`${JSON.stringify(examples)}\n`);
    return EXIT.ok;
  }
  // Relative to where the user stands when that is shorter, so the path can be pasted into `hapyy run`.
  const shown = (p: string) => {
    const rel = relative(cwd, p);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : p;
  };
  io.stdout(`${table([['EXAMPLE', 'TOOL', 'PATH', 'DESCRIPTION'], ...examples.map((x) => [x.id, x.toolId, shown(x.path), x.description])])}\n`);
  return EXIT.ok;
}

/** `hapyy history`: the runs in the data folder, newest first (the app's and the CLI's alike). */
export function historyCommand(engine: Engine, io: CliIo, json: boolean): ExitCode {
  const records = engine.queue.list();
  if (json) {
    io.stdout(`${JSON.stringify(records)}\n`);
    return EXIT.ok;
  }
  if (records.length === 0) {
    io.stderr(`No runs yet in ${engine.dataDir}.\n`);
    return EXIT.ok;
  }
  const rows = records.map((r) => [
    r.jobId,
    r.toolId,
    r.project.name,
    r.status,
    r.durationMs === null ? '-' : formatDuration(r.durationMs),
    new Date(r.queuedAt).toISOString(),
    r.message,
  ]);
  io.stdout(`${table([['JOB', 'TOOL', 'PROJECT', 'STATUS', 'TIME', 'QUEUED AT', 'RESULT'], ...rows])}\n`);
  return EXIT.ok;
}
