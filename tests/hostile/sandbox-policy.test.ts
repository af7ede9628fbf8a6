import { randomUUID } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile, access, constants, chmod } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunner, type RunOutcome } from '../../main/runner';
import { limits, newJobId } from '../unit/runner/helpers';
import { NODE, tool } from './support/harness';
import { ROOT } from '../support/services';

/**
 * What a sandboxed tool can see of the machine (issue 15): a canary in a folder of the real home, another run's
 * input and the settings file in a data folder that also lies in the home (as the app's does), the user's original
 * project, /root, and Unix sockets listening in the home, under /run and under /tmp. Each canary is first shown to be
 * readable (or connectable) from outside; then the sandboxed tool must get none of them.
 */
const runner = createRunner();
const bwrapWorks = (await runner.detectProtections()).some((p) => p.id === 'bubblewrap' && p.active);
if (!bwrapWorks) console.log('[hostile] bubblewrap cannot run here: the sandbox policy cases are skipped');

interface Attempt {
  target: string;
  ok: boolean;
  got: string;
}

const attempts = (o: RunOutcome): Attempt[] => o.tail.filter((l) => l.text.startsWith('{')).map((l) => JSON.parse(l.text) as Attempt);
const canWrite = (dir: string): Promise<boolean> => access(dir, constants.W_OK).then(() => true, () => false);

function socketServer(file: string, answer: string): Promise<net.Server> {
  const server = net.createServer((s) => s.end(answer));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(file, () => resolve(server));
  });
}

function readSocket(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const s = net.connect(file);
    s.on('data', (d) => (got += String(d)));
    s.on('end', () => resolve(got));
    s.on('error', reject);
  });
}

describe.runIf(bwrapWorks)('the sandbox policy, tried from inside', () => {
  const canary = (what: string) => `canary-${what}-${randomUUID()}`;
  const secrets = { home: canary('home'), settings: canary('settings'), otherRun: canary('other-run'), project: canary('project') };
  const sockets: { file: string; answer: string; server?: net.Server }[] = [];
  let base = '';
  let runDir = '';
  const files: Record<keyof typeof secrets, string> = { home: '', settings: '', otherRun: '', project: '' };

  beforeAll(async () => {
    // A folder in the real home (not under /tmp, which the sandbox replaces anyway): the user's files live there.
    base = await mkdtemp(path.join(os.homedir(), '.hapyy-hostile-'));
    const data = path.join(base, 'data');
    runDir = path.join(data, 'runs', 'job');
    files.home = path.join(base, 'home', '.ssh', 'id_ed25519');
    files.settings = path.join(data, 'settings.json');
    files.otherRun = path.join(data, 'runs', 'other', 'input', 'secret.py');
    files.project = path.join(base, 'project', 'main.py');
    for (const [what, file] of Object.entries(files)) {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, secrets[what as keyof typeof secrets]);
    }
    await mkdir(path.join(runDir, 'input'), { recursive: true });
    const places = [path.join(base, 'home', 'agent.sock'), `/tmp/hapyy-test-${process.pid}.sock`];
    if (await canWrite('/run')) places.push(`/run/hapyy-test-${process.pid}.sock`);
    else console.log('[hostile] /run is not writable by this user: no socket planted there');
    for (const file of places) {
      await rm(file, { force: true });
      const entry: (typeof sockets)[number] = { file, answer: canary('socket') };
      entry.server = await socketServer(file, entry.answer);
      sockets.push(entry);
    }
  });
  afterAll(async () => {
    for (const s of sockets) await new Promise((resolve) => (s.server ? s.server.close(resolve) : resolve(undefined)));
    for (const s of sockets) await rm(s.file, { force: true });
    if (base) await rm(base, { recursive: true, force: true });
  });

  it('every canary is there from outside', async () => {
    for (const [what, file] of Object.entries(files)) expect(await readFile(file, 'utf8')).toBe(secrets[what as keyof typeof secrets]);
    for (const s of sockets) expect(await readSocket(s.file)).toBe(s.answer);
    const rootList = await readdir('/root').catch(() => null);
    if (rootList) expect(rootList.length).toBeGreaterThan(0);
  });

  it('a sandboxed tool reads none of the files, lists none of the folders and reaches none of the sockets', async () => {
    const targets = [
      ...Object.values(files).map((f) => `read:${f}`),
      `list:${os.homedir()}`,
      'list:/root',
      'list:/home',
      'list:/run',
      'list:/var/run',
      'list:/media',
      'list:/mnt',
      `list:${base}`,
      `list:${path.join(base, 'data', 'runs')}`,
      ...sockets.map((s) => `sock:${s.file}`),
    ];
    const outcome = await runner.runTool({
      jobId: newJobId(),
      runDir,
      command: NODE,
      args: [tool('peek.mjs'), ...targets],
      timeoutMs: 20_000,
      limits: limits(),
      sandbox: true,
    });
    expect(outcome.status).toBe('completed');
    const seen = attempts(outcome);
    console.log(`[hostile] from inside the sandbox:\n${seen.map((a) => `${a.target} → ${a.ok ? 'GOT' : 'blocked'} ${a.got}`).join('\n')}`);
    expect(seen.map((a) => a.target)).toEqual(targets);
    // A folder on the way to the run folder exists inside (bwrap makes it to mount the run at its own path), but
    // shows only the next step towards the run: never the real folder's content.
    const towardsRun = (dir: string): string | undefined => path.relative(dir, runDir).split(path.sep)[0];
    for (const a of seen) {
      const dir = a.target.slice(5);
      if (a.target.startsWith('list:') && a.ok) expect(a.got.split(','), a.target).toEqual([towardsRun(dir)]);
      else expect(a, a.target).toMatchObject({ ok: false });
    }
    const realRoot = await readdir('/root').catch(() => [] as string[]);
    const rootInside = seen.find((a) => a.target === 'list:/root');
    for (const name of realRoot.filter((n) => n !== path.basename(base))) expect(rootInside?.got.split(',')).not.toContain(name);
    const text = outcome.tail.map((l) => l.text).join('\n');
    for (const secret of [...Object.values(secrets), ...sockets.map((s) => s.answer)]) expect(text).not.toContain(secret);
    expect(outcome.protections).toEqual(expect.arrayContaining(['bubblewrap', 'private-files', 'no-network']));
    // The record says what was shown: the tool's own script folder and the run's folders, nothing of the home above.
    expect(outcome.sandboxExposed).toContain(`read-only: ${path.dirname(tool('peek.mjs'))}`);
    for (const line of outcome.sandboxExposed) {
      const shown = line.replace(/^(read-only|writable): /, '');
      expect([os.homedir(), base, path.join(base, 'data')]).not.toContain(shown);
    }
  });
});

describe.runIf(bwrapWorks)('engines the sandbox must keep working', () => {
  let base = '';
  let tmpBase = '';
  let runDir = '';
  beforeAll(async () => {
    base = await mkdtemp(path.join(os.homedir(), '.hapyy-engine-'));
    tmpBase = await mkdtemp(path.join(os.tmpdir(), 'hapyy-engine-'));
    runDir = path.join(tmpBase, 'data', 'runs', 'job');
    await mkdir(path.join(runDir, 'input'), { recursive: true });
    await writeFile(path.join(runDir, 'input', 'bad.ts'), 'const n: number = "not a number";\n');
  });
  afterAll(async () => {
    if (base) await rm(base, { recursive: true, force: true });
    if (tmpBase) await rm(tmpBase, { recursive: true, force: true });
  });

  const run = (command: string, args: string[]) =>
    runner.runTool({ jobId: newJobId(), runDir, command, args, timeoutMs: 30_000, limits: limits(), sandbox: true });

  it('a pipx-style engine in the home runs from its symlink; only its venv is shown, not its neighbours', async () => {
    const venv = path.join(base, 'pipx', 'venvs', 'fake');
    const neighbour = path.join(base, 'pipx', 'neighbour-secret');
    await mkdir(path.join(venv, 'bin'), { recursive: true });
    await writeFile(path.join(venv, 'pyvenv.cfg'), 'home = /usr/bin\n');
    await writeFile(neighbour, 'canary-neighbour');
    await writeFile(path.join(venv, 'lib-data'), 'venv-data');
    const script = path.join(venv, 'bin', 'fake');
    await writeFile(script, `#!/bin/sh\necho "engine ok"\ncat '${path.join(venv, 'lib-data')}'; echo\ncat '${neighbour}' 2>/dev/null || echo "neighbour blocked"\n`);
    await chmod(script, 0o755);
    const link = path.join(base, 'bin', 'fake');
    await mkdir(path.dirname(link), { recursive: true });
    await symlink(script, link);
    const outcome = await run(link, []);
    expect(outcome.tail.map((l) => l.text)).toEqual(['engine ok', 'venv-data', 'neighbour blocked']);
    expect(outcome.sandboxExposed).toContain(`read-only: ${venv}`);
  });

  it('the bundled tsc runs from the app folder and from a copy under /tmp (where CI clones)', async () => {
    const copy = path.join(tmpBase, 'app', 'node_modules', 'typescript');
    await cp(path.join(ROOT, 'node_modules', 'typescript'), copy, { recursive: true });
    for (const tsc of [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), path.join(copy, 'bin', 'tsc')]) {
      const outcome = await run(NODE, [tsc, '--noEmit', '--pretty', 'false', 'bad.ts']);
      const text = outcome.tail.map((l) => l.text).join('\n');
      expect(text, tsc).toMatch(/bad\.ts\(1,7\): error TS2322/);
      expect(text).not.toMatch(/Cannot find module/);
      expect(outcome.sandboxExposed).toContain(`read-only: ${path.dirname(path.dirname(tsc))}`);
    }
  });
});
