import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectFindings, reportPathFor } from '../../../main/registry/diagnostics/collect';
import { DIAGNOSTICS_FILE, readDiagnostics, writeDiagnostics } from '../../../main/registry/diagnostics/store';
import type { LineEnd } from '../../../main/runner/line-splitter';
import { formatLogRecord, LOG_FILE } from '../../../main/runner/run-log';
import type { Stream } from '../../../shared/jobs';
import { BUILTIN_TOOLS, type EngineDef } from '../../../shared/tools';

const engineOf = (toolId: string, engineId: string): EngineDef => {
  const e = BUILTIN_TOOLS.find((t) => t.id === toolId)?.execution.engines.find((x) => x.id === engineId);
  if (!e) throw new Error(`${toolId}/${engineId} not in the catalogue`);
  return e;
};
const SHELLCHECK = engineOf('bash-verification', 'shellcheck');
const PYFLAKES = engineOf('python-linter', 'pyflakes');
const RUFF = engineOf('python-linter', 'ruff');

let runDir: string;
let input: string;
beforeEach(async () => {
  runDir = await mkdtemp(path.join(tmpdir(), 'hapyy-collect-'));
  input = path.join(runDir, 'input');
  await mkdir(input);
});
afterEach(() => rm(runDir, { recursive: true, force: true }));

/** Writes run.log as the runner does: records of at most `cut` characters, a long line continued with end `c`. */
async function writeLog(lines: [Exclude<Stream, 'system'>, string, LineEnd?][], cut = 64 * 1024): Promise<void> {
  const out = createWriteStream(path.join(runDir, LOG_FILE));
  let seq = 0;
  for (const [stream, text, end = 'lf'] of lines) {
    for (let at = 0; at < text.length || at === 0; at += cut) {
      const piece = text.slice(at, at + cut);
      const last = at + cut >= text.length;
      seq += 1;
      if (!out.write(formatLogRecord({ seq, ts: 0, stream, text: piece }, last ? end : 'cut'))) await once(out, 'drain');
      if (last) break;
    }
  }
  out.end();
  await once(out, 'finish');
}

describe('collectFindings', () => {
  it('reads a 40 MB report printed on stdout whole (no cut at 32 MiB), joining cut records', async () => {
    const comment = (i: number) => ({ file: `s${i % 50}.sh`, line: i, endLine: i, column: 1, endColumn: 2, level: 'style', code: 2006, message: `Use $(...) notation instead of legacy backticks, number ${i}.` });
    const n = 200_000;
    const body = JSON.stringify({ comments: Array.from({ length: n }, (_, i) => comment(i + 1)) });
    expect(body.length).toBeGreaterThan(33 * 1024 * 1024);
    await writeLog([['stderr', 'some noise'], ['stdout', body]]);
    const got = await collectFindings({ runDir, inputDir: input, engine: SHELLCHECK, engineName: 'ShellCheck', reportUsed: false });
    expect(got.problem).toBeNull();
    expect(got.diagnostics).toHaveLength(n);
    expect(got.diagnostics?.[n - 1]).toMatchObject({ file: 's0.sh', line: n, code: 'SC2006', engineSeverity: 'style' });
  });

  it('a 3 MB line (no finding) is skipped without being held; the findings around it are read', async () => {
    await writeLog([
      ['stdout', `/x/input/a.py:1:1: 'os' imported but unused`],
      ['stdout', `/x/input/b.py:1:1: ${'x'.repeat(3 * 1024 * 1024)}`],
      ['stdout', `/x/input/c.py:2:1: 'sys' imported but unused`],
    ]);
    const got = await collectFindings({ runDir, inputDir: '/x/input', engine: PYFLAKES, engineName: 'Pyflakes', reportUsed: false });
    expect(got.diagnostics?.map((d) => d.file)).toEqual(['a.py', 'b.py', 'c.py']);
    expect(got.diagnostics?.[1]?.message.length).toBeLessThanOrEqual(1024 * 1024);
  });

  it('a cut report keeps what came before the cut and says so', async () => {
    await writeLog([['stdout', '{"comments":[{"file":"a.sh","line":1,"column":1,"level":"warning","code":2154,"message":"m"},{"file":"a.sh","li', 'eof']]);
    const got = await collectFindings({ runDir, inputDir: input, engine: SHELLCHECK, engineName: 'ShellCheck', reportUsed: false });
    expect(got.diagnostics).toHaveLength(1);
    expect(got.problem).toBe("ShellCheck's report ends early (cut off); 1 finding before the cut were read");
  });

  it('sees a Python traceback on stderr as a crash and keeps the findings printed before it', async () => {
    await writeLog([
      ['stdout', "/x/input/a.py:1:1: 'os' imported but unused"],
      ['stderr', 'Traceback (most recent call last):'],
      ['stderr', '  File "/usr/lib/python3.11/tokenize.py", line 334, in find_cookie'],
      ['stderr', "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 5: invalid continuation byte"],
      ['stderr', ''],
      ['stderr', 'During handling of the above exception, another exception occurred:'],
      ['stderr', 'SyntaxError: invalid or missing encoding declaration'],
    ]);
    const got = await collectFindings({ runDir, inputDir: '/x/input', engine: PYFLAKES, engineName: 'Pyflakes', reportUsed: false });
    expect(got.crash).toEqual({ detail: 'Python traceback: SyntaxError: invalid or missing encoding declaration' });
    expect(got.diagnostics).toEqual([expect.objectContaining({ file: 'a.py', code: 'F401' })]);
  });

  it('a report the engine never wrote is a problem, not "no findings"; one it wrote is read in chunks', async () => {
    await writeLog([]);
    const none = await collectFindings({ runDir, inputDir: input, engine: RUFF, engineName: 'Ruff', reportUsed: true });
    expect(none).toMatchObject({ diagnostics: [], problem: 'Ruff wrote no report' });

    await mkdir(path.dirname(reportPathFor(runDir)), { recursive: true });
    const items = Array.from({ length: 5000 }, (_, i) => ({ filename: `${input}/m${i}.py`, location: { row: 1, column: 8 }, code: 'F401', name: 'unused-import', message: 'é unused' }));
    await writeFile(reportPathFor(runDir), JSON.stringify(items));
    const read = await collectFindings({ runDir, inputDir: input, engine: RUFF, engineName: 'Ruff', reportUsed: true });
    expect(read.problem).toBeNull();
    expect(read.diagnostics).toHaveLength(5000);
    expect(read.diagnostics?.every((d) => d.message === 'é unused')).toBe(true);
  });
});

describe('diagnostics.json', () => {
  it('no file is no findings; a damaged file is an error, never "no problems"', async () => {
    expect(await readDiagnostics(runDir)).toEqual([]);
    await writeDiagnostics(runDir, [{ file: 'a.sh', line: 1, column: 1, severity: 'info', engineSeverity: 'style', code: 'SC2006', message: 'm' }]);
    expect(await readDiagnostics(runDir)).toHaveLength(1);
    await writeFile(path.join(runDir, DIAGNOSTICS_FILE), '[{"file":"a.sh","li');
    await expect(readDiagnostics(runDir)).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/could not be read: diagnostics\.json is damaged/) });
    await writeFile(path.join(runDir, DIAGNOSTICS_FILE), '{"not":"a list"}');
    await expect(readDiagnostics(runDir)).rejects.toMatchObject({ code: 'internal' });
  });
});
