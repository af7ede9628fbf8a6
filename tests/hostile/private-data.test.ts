import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tightenDataDir, writeFileAtomic } from '../../main/store';
import { BASH, customTool, HostileApp, makeProject, tempDir, tool, type TempDir } from './support/harness';

/**
 * Another local user must not read a run (issue 15): the data folder and every run folder are 0700, the files the
 * app writes 0600, and a data folder an older version left open is tightened at start-up.
 */
const mode = async (p: string): Promise<string> => ((await stat(p)).mode & 0o777).toString(8);

describe.runIf(process.platform !== 'win32')('private data', () => {
  let tmp: TempDir | undefined;
  let app: HostileApp | undefined;
  afterAll(async () => {
    await app?.dispose();
    await tmp?.remove();
  });

  it('an open data folder left by an older version is tightened at start-up', async () => {
    tmp = await tempDir('modes');
    const data = path.join(tmp.path, 'data');
    await mkdir(path.join(data, 'runs', 'old-run', 'input'), { recursive: true });
    await writeFile(path.join(data, 'settings.json'), '{}');
    await writeFile(path.join(data, 'history.json'), '[]');
    for (const [p, m] of [[data, 0o755], [path.join(data, 'runs'), 0o755], [path.join(data, 'runs', 'old-run'), 0o755], [path.join(data, 'settings.json'), 0o644], [path.join(data, 'history.json'), 0o666]] as const) await chmod(p, m);
    expect(await mode(data)).toBe('755');
    await tightenDataDir(data);
    expect(await mode(data)).toBe('700');
    expect(await mode(path.join(data, 'runs'))).toBe('700');
    expect(await mode(path.join(data, 'runs', 'old-run'))).toBe('700');
    expect(await mode(path.join(data, 'settings.json'))).toBe('600');
    expect(await mode(path.join(data, 'history.json'))).toBe('600');
    // The pass over run folders runs once: a marker says it is done (new run folders are created private), so a
    // later start costs no lstat per run. The top level is still checked at every start.
    expect(await mode(path.join(data, '.private-modes-v1'))).toBe('600');
    await chmod(path.join(data, 'runs', 'old-run'), 0o750);
    await chmod(path.join(data, 'settings.json'), 0o644);
    await tightenDataDir(data);
    expect(await mode(path.join(data, 'runs', 'old-run'))).toBe('750');
    expect(await mode(path.join(data, 'settings.json'))).toBe('600');
    // A new folder is private from the start, and atomic writes make private files.
    const fresh = path.join(tmp.path, 'fresh', 'data');
    await tightenDataDir(fresh);
    expect(await mode(fresh)).toBe('700');
    await writeFileAtomic(path.join(fresh, 'x.json'), '{}');
    expect(await mode(path.join(fresh, 'x.json'))).toBe('600');
  });

  it('a real run: the run folder is 0700, its record and owner files 0600', async () => {
    tmp ??= await tempDir('modes');
    const project = await makeProject(tmp.path);
    app = await HostileApp.start({ sandbox: false, customTools: [customTool('hello', BASH, [tool('no-newline.sh'), 'm', '10'], 20)] });
    const { projectId } = await app.open(project);
    const record = await app.run(projectId, 'hello');
    const runDir = app.runDir(record.jobId);
    expect(await mode(app.svc.dataDir)).toBe('700');
    expect(await mode(path.dirname(runDir))).toBe('700');
    expect(await mode(runDir)).toBe('700');
    expect(await mode(path.join(runDir, 'run.json'))).toBe('600');
    expect(await mode(path.join(runDir, 'owner.json'))).toBe('600');
  });
});
