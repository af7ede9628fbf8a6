import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { homedir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type JobRecord } from '../../shared/jobs';
import { JobRecordSchema } from '../../shared/wire/jobs';
import { createRunner } from '../../main/runner';
import { BASH, customTool, HostileApp, makeProject, newMarker, NODE, outputText, tempDir, tool, type TempDir } from './support/harness';
import { ROOT } from '../support/services';
import { findLeftovers, killLeftovers } from './support/procs';
import { treeHash } from './support/tree-hash';

/**
 * Hostile tools that try to get out: writes outside their workspace, the app's secrets, the network. What holds
 * here depends on the sandbox, so these cases need bubblewrap (they say so and are skipped where it cannot run);
 * the environment allow-list is also checked without it.
 */
const bwrapWorks = (await createRunner().detectProtections()).some((p) => p.id === 'bubblewrap' && p.active);
if (!bwrapWorks) console.log('[hostile] bubblewrap cannot run here: the escape cases that need the sandbox are skipped');

const HOME = homedir();
const RUN_ONCE = path.join(import.meta.dirname, 'fixtures', 'run-once.ts');
/** Fake secrets, named so the tool's dump can print them and nothing real. */
const SECRETS = {
  HOSTILE_FAKE_API_TOKEN: `token-${newMarker('secret')}`,
  HOSTILE_FAKE_AWS_SECRET_ACCESS_KEY: `aws-${newMarker('secret')}`,
};

describe.runIf(bwrapWorks)('hostile tools that try to escape (sandboxed)', () => {
  const marks = { escape: newMarker('escape'), net: newMarker('net') };
  let tmp: TempDir;
  let app: HostileApp;
  let project: string;
  let projectId: string;
  let hashBefore: string;
  let server: net.Server;
  let serverPort = 0;
  let listenPort = 0;
  const connections: string[] = [];
  const jobIds: string[] = [];

  beforeAll(async () => {
    Object.assign(process.env, SECRETS); // in the app's live environment too, where the tool's is built from
    tmp = await tempDir('escape');
    project = await makeProject(tmp.path);
    hashBefore = await treeHash(project);
    server = net.createServer((socket) => {
      connections.push(String(socket.remoteAddress));
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    serverPort = (server.address() as net.AddressInfo).port;
    listenPort = await freePort();
    app = await HostileApp.start({
      sandbox: true,
      queue: { concurrency: 2, capacity: 100, perClientActive: 5, perClientHourly: 0 },
      customTools: [
        customTool('escape', BASH, [tool('escape.sh'), marks.escape, HOME, project, '{output}'], 20),
        customTool('net', NODE, [tool('net.mjs'), marks.net, String(serverPort), String(listenPort)], 20),
        customTool('env-dump', BASH, [tool('env-dump.sh'), marks.escape], 20),
      ],
    });
    projectId = (await app.open(project)).projectId;
  });
  afterEach(async () => {
    await killLeftovers({ jobIds, markers: Object.values(marks) });
  });
  afterAll(async () => {
    for (const key of Object.keys(SECRETS)) delete process.env[key];
    await app?.dispose();
    await new Promise((resolve) => server?.close(resolve));
    await tmp?.remove();
    // Only there if a write got out (the test has failed then); never leave it behind.
    for (const stray of [path.join(HOME, marks.escape), path.join('/tmp', marks.escape)]) await rm(stray, { force: true });
  });

  async function runHostile(toolId: string, mark: string) {
    const record = await app.run(projectId, toolId);
    jobIds.push(record.jobId);
    expect(await findLeftovers({ jobIds: [record.jobId], markers: [mark] })).toEqual([]);
    expect(await treeHash(project)).toBe(hashBefore);
    return record;
  }

  it('cannot write to the home folder, /tmp, the project, or the app files next to its workspace', async () => {
    const record = await runHostile('escape', marks.escape);
    expect(record.status).toBe('completed');
    const out = await outputText(app, record.jobId);
    console.log(`[hostile] escape attempts:\n${out}`);
    const verdict = (what: string) => new RegExp(`^(WROTE|BLOCKED) ${what}$`, 'm').exec(out)?.[1];
    // Its own workspace is writable; the system and home are read-only; the project is not even there. Writes to
    // /tmp and to folders around the workspace that happen to lie in /tmp land in the sandbox's private /tmp.
    expect(verdict('input-own')).toBe('WROTE');
    expect(verdict('output-own')).toBe('WROTE');
    for (const what of ['home', 'project-new', 'project-edit', 'project-delete']) expect(verdict(what), what).toBe('BLOCKED');
    // What counts is what happened outside.
    expect(existsSync(path.join(HOME, marks.escape))).toBe(false);
    expect(existsSync(path.join('/tmp', marks.escape))).toBe(false);
    const runDir = app.runDir(record.jobId);
    for (const dir of [runDir, path.dirname(runDir), app.svc.dataDir]) expect(existsSync(path.join(dir, marks.escape))).toBe(false);
    const owner = JSON.parse(await readFile(path.join(runDir, 'owner.json'), 'utf8').catch(() => '{}')) as { pid?: number };
    if (owner.pid !== undefined) expect(owner.pid).toBe(process.pid);

    // The record, the produced list and the findings are the app's, not the tool's.
    const saved = JobRecordSchema.parse(JSON.parse(await readFile(path.join(runDir, 'run.json'), 'utf8')));
    expect(saved.jobId).toBe(record.jobId);
    expect(record.filesProduced.map((f) => [f.path, f.origin])).toEqual([
      [`output/${marks.escape}`, 'output'],
      [`input/${marks.escape}`, 'input-new'],
    ]);
    expect(await app.call('jobs:diagnostics', { jobId: record.jobId })).toEqual([]);
    // The log is whole: the tool could not truncate it and write its own lines in.
    const log = (await app.call('jobs:get', { jobId: record.jobId })).output.map((l) => l.text);
    expect(log[0]).toMatch(/^(WROTE|BLOCKED) home$/);
    expect(log).toContain('done');
    expect(log).not.toContain('forged');
  });

  it("gets none of the secrets in the app's environment", async () => {
    const record = await runHostile('env-dump', marks.escape);
    const out = await outputText(app, record.jobId);
    expect(out).toContain('== end');
    for (const secret of Object.values(SECRETS)) expect(out).not.toContain(secret);
  });

  it('cannot reach a server on loopback, and nothing outside can reach its listener', async () => {
    const view = await app.call('jobs:submit', { projectId, toolId: 'net' });
    jobIds.push(view.record.jobId);
    // Probe its listener from outside while it is up.
    await waitForLine(app, view.record.jobId, /^listen: /);
    const reached = await tryConnect(listenPort);
    const record = await app.finished(view.record.jobId);
    expect(await findLeftovers({ jobIds: [record.jobId], markers: [marks.net] })).toEqual([]);
    const out = await outputText(app, record.jobId);
    console.log(`[hostile] network attempts:\n${out}\n(from outside to its port: ${reached})`);
    expect(out).toMatch(/^connect: blocked/m);
    expect(connections).toEqual([]);
    expect(reached).not.toBe('connected');
  });
});

/**
 * The app's secrets. Its initial environment (what /proc/<pid>/environ shows, whatever it later does to process.env)
 * must hold them, so the app runs in a child process started with them.
 */
describe.each([
  { mode: 'sandboxed', sandbox: true },
  { mode: 'unsandboxed', sandbox: false },
])("the app's secrets ($mode)", ({ sandbox }) => {
  const mark = newMarker('env');
  let tmp: TempDir;
  afterAll(async () => {
    await killLeftovers({ markers: [mark] });
    await tmp?.remove();
  });

  it.runIf(bwrapWorks || !sandbox)('are not in the tool environment; behind the sandbox not even through /proc', { timeout: 40_000 }, async () => {
    tmp = await tempDir('env');
    const project = await makeProject(tmp.path);
    const settings = { sandbox, customTools: [customTool('env-dump', BASH, [tool('env-dump.sh'), mark], 20)] };
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: HOME, ...SECRETS };
    const r = spawnSync(NODE, ['--import', 'tsx', RUN_ONCE, path.join(tmp.path, 'data'), JSON.stringify(settings), project, 'env-dump'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 35_000,
      killSignal: 'SIGKILL',
    });
    if (r.status !== 0) throw new Error(`app host failed (${String(r.status)}): ${r.stderr}`);
    const { record, output } = JSON.parse(r.stdout.trim().split('\n').pop() as string) as { record: JobRecord; output: string[] };
    expect(record.status).toBe('completed');
    expect(await findLeftovers({ jobIds: [record.jobId], markers: [mark] })).toEqual([]);
    const text = output.join('\n');
    const own = text.slice(text.indexOf('== own'), text.indexOf('== parent'));
    const parent = text.slice(text.indexOf('== parent'), text.indexOf('== home'));
    expect(text).toContain('== end');
    for (const secret of Object.values(SECRETS)) expect(own).not.toContain(secret);
    const readable = Object.values(SECRETS).some((s) => parent.includes(s));
    console.log(`[hostile] ${sandbox ? 'sandboxed' : 'unsandboxed'}: the app's environment through /proc/<parent>/environ is ${readable ? 'READABLE' : 'not readable'}`);
    // Behind the sandbox the app is not in the tool's process space at all. Without it, a process of the same
    // user can read the app's initial environment: a documented limit (README), reported, not asserted.
    if (sandbox) expect(readable).toBe(false);
  });
});

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.on('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
  });
}

async function waitForLine(app: HostileApp, jobId: string, re: RegExp): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    const detail = await app.call('jobs:get', { jobId });
    if (detail.output.some((l) => re.test(l.text))) return;
    if (!['queued', 'running'].includes(detail.record.status)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
