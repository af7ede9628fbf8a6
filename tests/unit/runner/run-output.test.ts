import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutputLine } from '../../../shared/jobs';
import { LOG_FILE, MAX_LINE_CHARS, readLogTail, readLogText } from '../../../main/runner';
import { bareRunner, fixture, limits, makeWorkspace, markedPids, NODE, request, sandboxedRunner, SH, type Workspace } from './helpers';

let ws: Workspace;
beforeEach(async () => {
  ws = await makeWorkspace();
});
afterEach(async () => {
  await ws.cleanup();
});

const runners = [
  ['sandboxed', sandboxedRunner()],
  ['bare', bareRunner()],
] as const;

describe.each(runners)('runTool (%s): exit codes and statuses', (_name, runner) => {
  it.each([
    [0, 'completed', 'The tool finished without problems.'],
    [1, 'failed', 'The tool exited with code 1.'],
    [42, 'failed', 'The tool exited with code 42.'],
  ] as const)('exit %i → %s', async (code, status, message) => {
    const outcome = await runner.runTool(request(ws, { command: NODE, args: [fixture('exit-code.mjs'), String(code)] }));
    expect(outcome).toMatchObject({ status, exitCode: code, signal: null, message, systemError: null });
    expect(outcome.tail.map((l) => [l.stream, l.text])).toEqual(
      expect.arrayContaining([
        ['stdout', 'out line'],
        ['stderr', 'err line'],
      ]),
    );
    expect(outcome.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('runs in input/ with HOME and TMPDIR inside the run folder, and creates output/, tmp/, home/', async () => {
    const outcome = await runner.runTool(request(ws, { command: SH, args: ['-c', 'pwd; echo "$HOME"; echo "$TMPDIR"; ls -d ../output ../tmp ../home'] }));
    expect(outcome.status).toBe('completed');
    expect(outcome.tail.map((l) => l.text)).toEqual([ws.input, path.join(ws.runDir, 'home'), path.join(ws.runDir, 'tmp'), '../home', '../output', '../tmp']);
  });
});

describe('runTool: streaming', () => {
  it('passes invalid UTF-8, ANSI, split characters and over-long lines through, numbered, timestamped and logged', async () => {
    let clock = 1_000;
    const seen: OutputLine[] = [];
    const outcome = await sandboxedRunner().runTool(
      request(ws, { command: NODE, args: [fixture('bytes.mjs')], now: () => (clock += 1), onOutput: (lines) => seen.push(...lines) }),
    );
    expect(outcome.status).toBe('completed');
    expect(seen.map((l) => l.text)).toEqual([
      'bad:\uFFFD\uFFFD!',
      '\x1b[31mred\x1b[0m plain',
      'split:€:done',
      'x'.repeat(MAX_LINE_CHARS),
      'x'.repeat(10),
      'crlf line',
      'tail without newline',
    ]);
    expect(seen.map((l) => l.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(seen.every((l) => l.stream === 'stdout' && l.ts > 1_000)).toBe(true);
    expect(outcome.tail).toEqual(seen);
    expect(outcome.outputLines).toBe(7);
    expect(outcome.truncated).toBe(false);
    // The log gives the same lines back, and the exact text (cut line joined, CRLF kept) for report parsers.
    expect(await readLogTail(ws.runDir, 100)).toEqual(seen);
    const text = await readLogText(path.join(ws.runDir, LOG_FILE), 'stdout', 10_000_000);
    expect(text).toBe(`bad:\uFFFD\uFFFD!\n\x1b[31mred\x1b[0m plain\nsplit:€:done\n${'x'.repeat(MAX_LINE_CHARS + 10)}\ncrlf line\r\ntail without newline`);
  });

  it('numbers lines contiguously across stdout and stderr, keeps only the last N in memory, and counts bytes', async () => {
    const script = 'i=1; while [ $i -le 300 ]; do echo "o$i"; echo "e$i" >&2; i=$((i+1)); done';
    const seen: OutputLine[] = [];
    const outcome = await sandboxedRunner().runTool(
      request(ws, { command: SH, args: ['-c', script], limits: limits({ outputLinesKept: 100 }), onOutput: (l) => seen.push(...l) }),
    );
    expect(outcome.status).toBe('completed');
    expect(seen.map((l) => l.seq)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    expect(seen.filter((l) => l.stream === 'stdout').map((l) => l.text)).toEqual(Array.from({ length: 300 }, (_, i) => `o${i + 1}`));
    expect(seen.filter((l) => l.stream === 'stderr').map((l) => l.text)).toEqual(Array.from({ length: 300 }, (_, i) => `e${i + 1}`));
    expect(outcome.outputLines).toBe(600);
    expect(outcome.tail).toEqual(seen.slice(-100));
    expect(outcome.truncated).toBe(false); // only the in-memory tail is short; the log is complete
    const expectedBytes = seen.reduce((n, l) => n + Buffer.byteLength(l.text) + 1, 0);
    expect(outcome.outputBytes).toBe(expectedBytes);
    // run.log still has all of it.
    expect(await readLogTail(ws.runDir, 10_000)).toEqual(seen);
  });
});

describe('runTool: environment', () => {
  it('does not pass a secret from the app environment to the tool, but does pass engine variables and the marker', async () => {
    process.env.AWS_SECRET_ACCESS_KEY = 'hapyy-test-secret-value';
    try {
      for (const runner of [sandboxedRunner(), bareRunner()]) {
        const req = request(ws, { command: NODE, args: [fixture('env-dump.mjs')], env: { ENGINE_SETTING: 'on' } });
        const outcome = await runner.runTool(req);
        expect(outcome.status).toBe('completed');
        const env = JSON.parse(outcome.tail.map((l) => l.text).join('')) as Record<string, string>;
        expect(env).not.toHaveProperty('AWS_SECRET_ACCESS_KEY');
        expect(JSON.stringify(env)).not.toContain('hapyy-test-secret-value');
        expect(env.ENGINE_SETTING).toBe('on');
        expect(env.HAPYY_JOB_ID).toBe(req.jobId);
        expect(env.PATH).toBe(process.env.PATH);
      }
    } finally {
      delete process.env.AWS_SECRET_ACCESS_KEY;
    }
  });
});

describe('runTool: cannot start', () => {
  it('a missing command ends as error with the system error kept apart', async () => {
    const missing = path.join(ws.root, 'no-such-tool');
    const outcome = await sandboxedRunner().runTool(request(ws, { command: missing, args: [] }));
    expect(outcome.status).toBe('error');
    expect(outcome.systemError).toBe(`spawn ${missing} ENOENT`);
    expect(outcome.message).toBe(`The tool could not be started: ${missing} was not found.`);
    expect(outcome.exitCode).toBeNull();
  });

  it('a file that is not executable ends as error (EACCES)', async () => {
    const file = path.join(ws.root, 'not-executable');
    await writeFile(file, '#!/bin/sh\necho hi\n');
    await chmod(file, 0o644);
    const outcome = await bareRunner().runTool(request(ws, { command: file, args: [] }));
    expect(outcome.status).toBe('error');
    expect(outcome.systemError).toBe(`spawn ${file} EACCES`);
  });

  it('a run folder without input/ ends as error, and a relative command too', async () => {
    const noInput = await bareRunner().runTool(request(ws, { runDir: path.join(ws.root, 'elsewhere'), command: NODE, args: [] }));
    expect(noInput.status).toBe('error');
    expect(noInput.systemError).toContain('has no input/ folder');
    const relative = await bareRunner().runTool(request(ws, { command: 'node', args: [] }));
    expect(relative.status).toBe('error');
    expect(relative.message).toContain('not absolute');
  });

  it('never rejects: a run.log that cannot be opened becomes an error outcome', async () => {
    await mkdir(path.join(ws.runDir, LOG_FILE));
    const outcome = await bareRunner().runTool(request(ws, { command: NODE, args: [fixture('exit-code.mjs')] }));
    expect(outcome.status).toBe('error');
    expect(outcome.systemError).toContain('EISDIR');
    expect(outcome.message).toContain('inside Hapyy');
  });

  it('writes the reason to run.log too', async () => {
    const missing = path.join(ws.root, 'gone');
    await sandboxedRunner().runTool(request(ws, { command: missing, args: [] }));
    const log = await readFile(path.join(ws.runDir, LOG_FILE), 'utf8');
    expect(log).toContain(`spawn ${missing} ENOENT`);
  });
});

describe('runTool: cancel', () => {
  it('an AbortSignal already aborted cancels without starting anything', async () => {
    const req = request(ws, { command: SH, args: ['-c', 'echo should-not-run; sleep 5'], signal: AbortSignal.abort() });
    const outcome = await sandboxedRunner().runTool(req);
    expect(outcome).toMatchObject({ status: 'cancelled', message: 'The run was cancelled.', exitCode: null });
    expect(outcome.tail.some((l) => l.text === 'should-not-run')).toBe(false);
  });

  it.each(runners)('aborting mid-run (%s) ends as cancelled and leaves nothing running', async (_name, runner) => {
    const ac = new AbortController();
    const req = request(ws, {
      command: SH,
      args: [fixture('sleep-tree.sh')],
      signal: ac.signal,
      onOutput: (lines) => lines.some((l) => l.text === 'started') && ac.abort(),
    });
    const outcome = await runner.runTool(req);
    expect(outcome.status).toBe('cancelled');
    expect(outcome.message).toBe('The run was cancelled.');
    expect(outcome.tail.at(-1)?.stream).toBe('system');
    expect(await markedPids(req.jobId)).toEqual([]);
  });
});
