import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { readLogTail } from '../../../main/runner';
import { BUGGY, CLEAN, ROOT, cli, finishedRecords, parseEvents, useTempDirs, writeConfig } from './helpers';

const tempDir = useTempDirs();
const MULTITOOL = join(ROOT, 'node_modules', '.bin', 'sarif-multitool');
const BUGGY_REL = relative(ROOT, BUGGY);

/** ShellCheck run directly on the example, as a user would: the findings Hapyy must show, no more, no fewer. */
async function shellcheckDirect(): Promise<{ file: string; line: number; column: number; code: string; level: string; message: string }[]> {
  const files = readdirSync(BUGGY).filter((f) => f.endsWith('.sh'));
  const r = await execa('shellcheck', ['-f', 'json1', '-x', ...files], { cwd: BUGGY, reject: false });
  const parsed = JSON.parse(r.stdout) as { comments: { file: string; line: number; column: number; code: number; level: string; message: string }[] };
  return parsed.comments.map((c) => ({ file: c.file, line: c.line, column: c.column, code: `SC${c.code}`, level: c.level, message: c.message }));
}

describe('hapyy run, findings as text', () => {
  it('prints `path:line:col  severity  code  message` per finding, paths as the user named the project, then the summary', async () => {
    const dir = tempDir();
    const r = await cli(['run', 'bash-verification', BUGGY_REL, '--data-dir', join(dir, 'data')], { cwd: ROOT });
    expect(r.exitCode, r.stderr).toBe(1);
    const direct = await shellcheckDirect();
    expect(direct.length).toBeGreaterThan(0);
    const [findingsPart, tablePart] = r.stdout.split('\n\n');
    const lines = (findingsPart ?? '').split('\n').filter(Boolean);
    expect(lines).toHaveLength(direct.length);
    for (const d of direct) {
      const line = lines.find((l) => l.startsWith(`${BUGGY_REL}/${d.file}:${d.line}:${d.column}  `) && l.includes(`  ${d.code}  `));
      expect(line, `${d.file}:${d.line}:${d.column} ${d.code}`).toBeDefined();
      expect(line?.endsWith(`  ${d.code}  ${d.message}`)).toBe(true);
      // The path exists where it is printed: a terminal or editor can open it.
      expect(existsSync(join(ROOT, (line ?? '').split(':')[0] ?? ''))).toBe(true);
    }
    // No raw engine output (ShellCheck's JSON) unless --raw.
    expect(r.stdout).not.toContain('"comments"');
    expect(tablePart).toMatch(/^PROJECT +STATUS +EXIT +TIME +ENGINE +FINDINGS +RESULT\nbash-quoting-bugs +problems +1 +.*\d+ errors?, \d+ warnings?/);
  });

  it('--raw prints the engine’s output byte for byte: a 200,000-character line stays one line, 100,000 lines all arrive', async () => {
    const dir = tempDir();
    // Far past the runner's 64 KiB line cut and the live event batching; all printed from run.log, exactly.
    const script = "head -c 200000 /dev/zero | tr '\\0' x; echo; seq 1 100000";
    const config = writeConfig(dir, [{ id: 'flood', command: '/bin/sh', args: ['-c', script, 'sh', '{input}'] }]);
    const r = await cli(['run', 'flood', CLEAN, '--raw', '--config', config, '--data-dir', join(dir, 'data')], { timeoutMs: 60_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    const expected = `${'x'.repeat(200_000)}\n${Array.from({ length: 100_000 }, (_, i) => `${i + 1}\n`).join('')}`;
    expect(r.stdout.slice(0, expected.length) === expected, 'the raw output, exactly').toBe(true);
    expect(r.stdout.slice(expected.length)).toMatch(/^\nPROJECT +STATUS/);
  }, 90_000);
});

describe('hapyy run --json and --out carry the findings', () => {
  it('job:finished carries the findings; --out copies diagnostics.json next to run.json and run.log', async () => {
    const dir = tempDir();
    const out = join(dir, 'results');
    const r = await cli(['run', 'bash-verification', BUGGY, '--json', '--out', out, '--data-dir', join(dir, 'data')]);
    expect(r.exitCode, r.stderr).toBe(1);
    const events = parseEvents(r.stdout);
    const finished = events.find((e) => e.event === 'job:finished')?.payload as { findings: { code: string; line: number }[] };
    const direct = await shellcheckDirect();
    expect(finished.findings.map((f) => `${f.code}@${f.line}`).sort()).toEqual(direct.map((d) => `${d.code}@${d.line}`).sort());
    expect(finishedRecords(events)).toHaveLength(1);
    const copied = JSON.parse(readFileSync(join(out, 'bash-quoting-bugs', 'diagnostics.json'), 'utf8')) as unknown[];
    expect(copied).toEqual(finished.findings.map((f) => expect.objectContaining(f) as unknown));
    expect(existsSync(join(out, 'bash-quoting-bugs', 'run.json'))).toBe(true);
  });
});

describe('hapyy run --json under heavy output', () => {
  it('says how many lines were not streamed live, and where the full log is; streamed + not streamed = all', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    // 300,000 lines at once against live delivery of 2,000 lines per batch, holding at most 100 + 2,000 pending:
    // the live stream must thin, and the run.log keeps everything.
    const config = writeConfig(dir, [{ id: 'flood', command: '/bin/sh', args: ['-c', 'seq 1 300000', 'sh', '{input}'] }], { limits: { outputLinesKept: 100 } });
    const r = await cli(['run', 'flood', CLEAN, '--json', '--config', config, '--data-dir', dataDir], { timeoutMs: 60_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    const events = parseEvents(r.stdout);
    const streamed = events.filter((e) => e.event === 'job:output').reduce((n, e) => n + (e.payload as { lines: unknown[] }).lines.length, 0);
    const [record] = finishedRecords(events);
    expect(record?.outputLines).toBe(300_000);
    const note = /(\d+) of 300000 output lines were not streamed as job:output events .*; the full log is (\S+)\/run\.log\./.exec(r.stderr);
    expect(note, r.stderr).not.toBeNull();
    expect(Number(note?.[1]) + streamed).toBe(300_000);
    expect(note?.[2]).toBe(join(dataDir, 'runs', record?.jobId ?? ''));
    // The full log has every line, numbered (read as the app reads it: run.log's layout is the runner's).
    const logged = await readLogTail(note?.[2] ?? '', 1_000_000, 1e9);
    expect(logged.map((l) => l.seq)).toEqual(Array.from({ length: 300_000 }, (_, i) => i + 1));
  }, 90_000);
});

describe('hapyy run --format github', () => {
  it('prints one workflow annotation per finding, error/warning/notice by severity, with file, line and column', async () => {
    const dir = tempDir();
    const r = await cli(['run', 'bash-verification', BUGGY_REL, '--format', 'github', '--data-dir', join(dir, 'data')], { cwd: ROOT });
    expect(r.exitCode, r.stderr).toBe(1);
    const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    const direct = await shellcheckDirect();
    expect(annotations).toHaveLength(direct.length);
    const levelOf: Record<string, string> = { error: 'error', warning: 'warning', info: 'notice', style: 'notice' };
    for (const d of direct) {
      const prefix = `::${levelOf[d.level] ?? 'notice'} file=${BUGGY_REL}/${d.file},line=${d.line},col=${d.column},`;
      expect(annotations.some((a) => a.startsWith(prefix) && a.includes(`title=${d.code}::`)), prefix).toBe(true);
    }
  });

  it('refuses --json together with --format, and an unknown format', async () => {
    expect((await cli(['run', 'bash-verification', CLEAN, '--json', '--format', 'github'])).exitCode).toBe(2);
    const r = await cli(['run', 'bash-verification', CLEAN, '--format', 'xml']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--format takes human or github/);
  });
});

describe('hapyy run --sarif', () => {
  it('writes SARIF 2.1.0 that Microsoft’s SARIF Multitool validates with no error and no warning', async () => {
    const dir = tempDir();
    const file = join(dir, 'hapyy.sarif');
    const r = await cli(['run', 'bash-verification', BUGGY, CLEAN, '--sarif', file, '--data-dir', join(dir, 'data')]);
    expect(r.exitCode, r.stderr).toBe(1);
    const sarif = JSON.parse(readFileSync(file, 'utf8')) as {
      version: string;
      runs: {
        tool: { driver: { name: string; rules: { id: string; helpUri?: string }[] } };
        results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number } } }[] }[];
        originalUriBaseIds: { PROJECTROOT: { uri: string } };
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(2); // one per project
    const [buggy, clean] = sarif.runs;
    const direct = await shellcheckDirect();
    expect(buggy?.results).toHaveLength(direct.length);
    expect(clean?.results).toEqual([]);
    expect(buggy?.tool.driver.name).toBe('ShellCheck');
    for (const rule of buggy?.tool.driver.rules ?? []) expect(rule.helpUri).toBe(`https://www.shellcheck.net/wiki/${rule.id}`);
    for (const d of direct) {
      const hit = buggy?.results.find((x) => x.ruleId === d.code && x.locations[0]?.physicalLocation.region.startLine === d.line && x.locations[0]?.physicalLocation.region.startColumn === d.column);
      expect(hit?.locations[0]?.physicalLocation.artifactLocation).toEqual({ uri: d.file, uriBaseId: 'PROJECTROOT' });
      expect(hit?.locations[0]?.physicalLocation.region.startColumn).toBe(d.column);
    }
    expect(buggy?.originalUriBaseIds.PROJECTROOT.uri).toBe(`file://${BUGGY}/`);

    const report = join(dir, 'validation.sarif');
    const v = await execa(MULTITOOL, ['validate', file, '--output', report], { reject: false });
    expect(v.exitCode, v.stdout + v.stderr).toBe(0);
    const validation = JSON.parse(readFileSync(report, 'utf8')) as { runs: { results?: { ruleId: string; level?: string; message: { text?: string } }[] }[] };
    // A result without a level is a warning (SARIF 2.1.0 §3.27.10); notes are advice and allowed.
    const problems = (validation.runs[0]?.results ?? []).filter((x) => (x.level ?? 'warning') !== 'note' && x.level !== 'none');
    expect(problems, v.stdout).toEqual([]);
  }, 60_000);
});
