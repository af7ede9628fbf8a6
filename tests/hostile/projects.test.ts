import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rename, rm, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { ERROR_MESSAGES, type Result } from '../../shared/errors';
import type { ProjectSummary } from '../../shared/projects';
import { patchDeclaredSize, rawZip } from '../unit/intake/helpers';
import { ROOT } from '../support/services';
import { BASH, customTool, HostileApp, makeProject, newMarker, NODE, outputText, tempDir, tool, type TempDir } from './support/harness';
import { killLeftovers } from './support/procs';
import { treeHash } from './support/tree-hash';

/**
 * Hostile projects, all through the router (`projects:open`, then `jobs:submit` where the project is accepted):
 * links out, special files, every limit, names that are not UTF-8, zip slip and bombs, an empty folder, a folder
 * deleted while it is being scanned, and folders the app may not read. Each ends in a typed result, never
 * `internal`; a run never sees more than the project; the user's folder is never changed.
 */
const MB = 1024 * 1024;
const mark = newMarker('show');
const CODES = Object.keys(ERROR_MESSAGES);

let tmp: TempDir;
let app: HostileApp;
let seq = 0;

beforeAll(async () => {
  tmp = await tempDir('projects');
  app = await HostileApp.start({
    queue: { concurrency: 2, capacity: 100, perClientActive: 5, perClientHourly: 0 },
    customTools: [customTool('show-input', BASH, [tool('show-input.sh'), mark], 20)],
  });
  app.attach('window:1');
});
afterEach(async () => {
  await killLeftovers({ markers: [mark] });
});
afterAll(async () => {
  await app?.dispose();
  await tmp?.remove();
});

const newDir = async (name: string): Promise<string> => {
  const dir = path.join(tmp.path, `${(seq += 1)}-${name}`);
  await mkdir(dir, { recursive: true });
  return dir;
};

/** projects:open through the router, with the user's folder hashed before and after. */
async function open(target: string, folder = target): Promise<Result<ProjectSummary>> {
  const before = await treeHash(folder);
  const res = await app.openRaw(target);
  expect(await treeHash(folder)).toBe(before);
  if (!res.ok) {
    expect(CODES).toContain(res.error.code);
    expect(res.error.code).not.toBe('internal');
    expect(res.error.message.length).toBeGreaterThan(0);
  }
  return res;
}

async function opened(target: string, folder = target): Promise<ProjectSummary> {
  const res = await open(target, folder);
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return res.value;
}

const rejected = async (target: string, folder = target) => {
  const res = await open(target, folder);
  expect(res.ok).toBe(false);
  return res.ok ? null : res.error;
};

/** What is left of any zip extraction in the app's staging folder (its bookkeeping files aside). */
async function extracted(): Promise<string[]> {
  const names = await readdir(path.join(app.svc.dataDir, 'staging'), { recursive: true }).catch(() => [] as string[]);
  return names.filter((n) => n.split('/').some((part) => part.startsWith('zip-')));
}

/** What the tool sees of the project, run through the router. */
async function runShow(projectId: string): Promise<string> {
  const record = await app.run(projectId, 'show-input');
  expect(record.status).toBe('completed');
  return outputText(app, record.jobId);
}

describe('hostile projects through the router', () => {
  it('links to /etc/passwd and to the parent are skipped, never copied or followed', async () => {
    const dir = await newDir('links');
    const root = await makeProject(dir);
    await writeFile(path.join(dir, 'outside-secret.txt'), 'OUTSIDE-SECRET\n');
    await symlink('/etc/passwd', path.join(root, 'passwd'));
    await symlink('..', path.join(root, 'up'));
    await symlink('../outside-secret.txt', path.join(root, 'secret'));
    await symlink('loop', path.join(root, 'loop'));
    await symlink('main.sh', path.join(root, 'inside-link.sh'));
    const summary = await opened(root, dir);
    const skipped = Object.fromEntries(summary.skipped.map((s) => [s.path, s.reason]));
    expect(skipped).toMatchObject({ passwd: 'link-outside', up: 'link-outside', secret: 'link-outside', loop: 'link' });
    const out = await runShow(summary.projectId);
    expect(out).not.toContain('root:x:0:0');
    expect(out).not.toContain('OUTSIDE-SECRET');
    expect(out).toContain('f ./inside-link.sh'); // a link to a file inside arrives as a plain file
    expect(out).not.toMatch(/^l /m);
  });

  it('a FIFO is listed as a special file and never opened', async () => {
    const root = await makeProject(await newDir('fifo'));
    const made = spawnSync('mkfifo', [path.join(root, 'pipe')]);
    expect(made.status).toBe(0);
    const summary = await opened(root);
    expect(summary.skipped).toContainEqual({ path: 'pipe', reason: 'special-file' });
    expect(await runShow(summary.projectId)).not.toContain('./pipe');
  });

  it('too many files, too large a file, too many bytes and too deep a tree are each rejected, naming the limit', async () => {
    // A lower file limit, set the way the Settings screen sets it, so the project stays quick to make.
    const { settings } = await app.call('settings:get', {});
    await app.call('settings:set', { settings: { ...settings, intake: { ...settings.intake, files: 200 } } });
    const many = await newDir('many');
    await Promise.all(Array.from({ length: 201 }, (_, i) => writeFile(path.join(many, `f${i}.sh`), '')));
    expect((await rejected(many))?.details).toMatchObject({ limit: 'files', max: 200 });
    await app.call('settings:set', { settings });

    const large = await makeProject(await newDir('large'));
    await writeFile(path.join(large, 'big.bin'), '');
    await truncate(path.join(large, 'big.bin'), 60 * MB); // sparse: costs no disk
    expect((await rejected(large))?.details).toMatchObject({ limit: 'fileBytes' });

    const heavy = await makeProject(await newDir('heavy'));
    for (let i = 0; i < 11; i += 1) {
      await writeFile(path.join(heavy, `part${i}.bin`), '');
      await truncate(path.join(heavy, `part${i}.bin`), 49 * MB);
    }
    expect((await rejected(heavy))?.details).toMatchObject({ limit: 'totalBytes' });

    const deep = await newDir('deep');
    const leaf = path.join(deep, ...Array.from({ length: 70 }, (_, i) => `d${i}`));
    await mkdir(leaf, { recursive: true });
    await writeFile(path.join(leaf, 'deep.sh'), '');
    expect((await rejected(deep))?.details).toMatchObject({ limit: 'depth', max: 64 });
  });

  it('names that are not UTF-8 are reported and copied with their exact bytes', async () => {
    const root = await makeProject(await newDir('names'));
    const raw = Buffer.concat([Buffer.from(root), Buffer.from('/bad-'), Buffer.from([0xff, 0xfe]), Buffer.from('.sh')]);
    await writeFile(raw, 'echo odd\n');
    const summary = await opened(root);
    expect(summary.nonPortableNames).toEqual(['bad-\ufffd\ufffd.sh']);
    const record = await app.run(summary.projectId, 'show-input');
    const names = await readdir(path.join(app.runDir(record.jobId), 'input'), { encoding: 'buffer' });
    expect(names.some((n) => n.equals(Buffer.from([...Buffer.from('bad-'), 0xff, 0xfe, ...Buffer.from('.sh')])))).toBe(true);
  });

  it('a zip-slip archive is rejected and writes nothing outside', async () => {
    const dir = await newDir('slip');
    const zip = path.join(dir, 'slip.zip');
    await writeFile(zip, rawZip([{ name: 'ok.sh', data: Buffer.from('echo ok\n') }, { name: '../../evil.sh', data: Buffer.from('pwned\n') }]));
    await rejected(zip, dir);
    expect(existsSync(path.join(tmp.path, 'evil.sh'))).toBe(false);
    expect(existsSync(path.join(dir, '..', 'evil.sh'))).toBe(false);
    expect(await extracted()).toEqual([]);
  });

  it('a zip bomb is rejected, whether it admits its size or lies about it', async () => {
    const dir = await newDir('bomb');
    const bomb = await zeroBomb(path.join(dir, 'bomb.zip'), 48 * MB); // under the 50 MB file limit: the ratio guard must catch it
    const honest = await rejected(bomb, dir);
    expect(honest?.details).toMatchObject({ limit: 'zipMaxRatio' });
    const liar = path.join(dir, 'liar.zip');
    await writeFile(liar, patchDeclaredSize(await readFile(bomb), 1024));
    const lying = await rejected(liar, dir);
    console.log(`[hostile] zip bomb of ${(await stat(bomb)).size} bytes: ${String(honest?.details?.limit)}; lying about its size: ${String(lying?.details?.limit ?? lying?.message)}`);
    expect(await extracted()).toEqual([]);
  });

  it('an empty folder is rejected: nothing to run on', async () => {
    const empty = await newDir('empty');
    expect((await rejected(empty))?.code).toBe('rejected');
  });

  it('a folder deleted while it is being scanned ends in a typed result, and a run from it is refused', async () => {
    const root = await newDir('vanishing');
    // Large enough that the scan is still going when the first progress report arrives (they come every 100 ms).
    for (let d = 0; d < 40; d += 1) {
      await mkdir(path.join(root, `d${d}`));
      await Promise.all(Array.from({ length: 250 }, (_, i) => writeFile(path.join(root, `d${d}`, `f${i}.sh`), 'echo\n')));
    }
    const scanId = `scan-${newMarker('vanish')}`;
    // Gone at once (a rename), then deleted: from the scanner's side the whole tree vanishes between two reads.
    let deleted: Promise<void> | null = null;
    const gone = `${root}.gone`;
    const log = app.attach('window:vanish');
    const watcher = setInterval(() => {
      if (!deleted && log.events.some((e) => e.event === 'scan:progress')) {
        deleted = rename(root, gone).then(() => rm(gone, { recursive: true, force: true }));
      }
    }, 1);
    const res = await app.openRaw(root, 'window:vanish', scanId);
    clearInterval(watcher);
    const duringScan = deleted !== null;
    await (deleted ?? rm(root, { recursive: true, force: true }));
    console.log(`[hostile] vanishing folder (${duringScan ? 'deleted during the scan' : 'scan ended first'}): ${res.ok ? `opened with ${res.value.files} files` : `${res.error.code}: ${res.error.message}`}`);
    if (duringScan) expect(res).toMatchObject({ ok: false, error: { code: 'not-found' } });
    if (!res.ok) {
      expect(['rejected', 'not-found']).toContain(res.error.code);
      return;
    }
    const submit = await app.raw('jobs:submit', { projectId: res.value.projectId, toolId: 'show-input' }, 'window:vanish');
    expect(submit).toMatchObject({ ok: false, error: { code: 'rejected' } });
  });
});

/**
 * Permission denied. Permissions do not stop root, so as root the app runs in a child process as `nobody`
 * (uid 65534), over real folders: one it may not read at all, one with an unreadable file inside, and a path
 * under a folder it may not enter.
 */
describe.runIf(process.platform === 'linux')('permission denied', () => {
  it('a folder the app may not read is rejected; unreadable entries inside are listed, not fatal', { timeout: 40_000 }, async () => {
    const base = await newDir('perm');
    await chmod(base, 0o755);
    const locked = await makeProject(base, 'locked');
    const partly = await makeProject(base, 'partly');
    await writeFile(path.join(partly, 'secret.sh'), 'password=1\n');
    const closed = path.join(base, 'closed');
    await makeProject(closed, 'inner');
    await chmod(locked, 0o000);
    await chmod(path.join(partly, 'secret.sh'), 0o000);
    await chmod(closed, 0o000);
    await chmod(tmp.path, 0o755); // mkdtemp made it private; the child must be able to reach `base`
    const asRoot = process.getuid?.() === 0;
    const r = spawnSync(NODE, ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures', 'open-as.ts'), locked, partly, path.join(closed, 'inner')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 35_000,
      killSignal: 'SIGKILL',
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    await chmod(locked, 0o755);
    await chmod(closed, 0o755);
    if (r.status !== 0) throw new Error(`child failed (${String(r.status)}): ${r.stderr}`);
    const [lockedRes, partlyRes, closedRes] = JSON.parse(r.stdout.trim().split('\n').pop() as string) as Result<ProjectSummary>[];
    console.log(`[hostile] permission denied (${asRoot ? 'as nobody' : 'as this user'}): ${JSON.stringify([lockedRes, closedRes].map((x) => (x?.ok ? 'ok' : x?.error.code)))}`);
    expect(lockedRes).toMatchObject({ ok: false, error: { code: 'rejected' } });
    expect(closedRes).toMatchObject({ ok: false, error: { code: 'rejected' } });
    expect(partlyRes?.ok).toBe(true);
    if (partlyRes?.ok) expect(partlyRes.value.skipped).toContainEqual({ path: 'secret.sh', reason: 'unreadable' });
  });
});

/** `size` bytes of zeros, deflated from a stream (never held in memory): about a thousandth of that on disk. */
async function zeroBomb(file: string, size: number): Promise<string> {
  const chunk = Buffer.alloc(MB);
  let left = size / MB;
  const zeros = new Readable({
    read() {
      this.push(left-- > 0 ? chunk : null);
    },
  });
  const zip = new yazl.ZipFile();
  zip.addReadStream(zeros, 'zeros.bin', { compressionLevel: 9 });
  zip.end();
  await finished(zip.outputStream.pipe(createWriteStream(file)));
  return file;
}
