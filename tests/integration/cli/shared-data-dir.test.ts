import { randomUUID } from 'node:crypto';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { ZipFile } from 'yazl';
import { JobRecordSchema } from '../../../shared/jobs';
import { devLayout } from '../../../main/resources';
import { createEngine } from '../../../main/services/engine';
import { CLEAN, ROOT, finishedRecords, killMarked, markedProcesses, parseEvents, spawnCli, until, useTempDirs, writeConfig } from './helpers';

const tempDir = useTempDirs();
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

// By default the CLI uses the app's own data folder, so the app and any number of CLI invocations share one.
// Each engine cleans up after crashed processes when it starts; it must never clean up after a live one.
describe('several engines on one data folder', () => {
  it('`hapyy history` during another invocation’s run neither interrupts it nor ends its processes', async () => {
    const unique = `hapyy-cli-${randomUUID()}`;
    cleanups.push(() => killMarked(unique));
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    // The tool runs until the test lets it finish (a file appears in its own input folder): no race with a timer,
    // however long `hapyy history` takes to start on a loaded machine.
    const waitForGo = `while [ ! -e go ]; do sleep 0.05; done; echo rested # ${unique}`;
    const config = writeConfig(dir, [{ id: 'napper', command: '/bin/sh', args: ['-c', waitForGo, 'sh', '{input}'] }]);
    const child = spawnCli(['run', 'napper', CLEAN, '--json', '--config', config, '--data-dir', dataDir]);
    cleanups.push(() => child.kill('SIGKILL'));
    let stdout = '';
    child.stdout?.on('data', (b: Buffer) => (stdout += b.toString()));
    await until(() => stdout.includes('"event":"job:started"') && markedProcesses(unique).length > 0, 'the run to start');
    const jobId = /"event":"job:started","payload":\{"record":\{"jobId":"([^"]+)"/.exec(stdout)?.[1];
    expect(jobId).toBeTruthy();

    const history = await spawnCli(['history', '--json', '--data-dir', dataDir]);
    expect(history.exitCode, String(history.stderr)).toBe(0);
    // The live run belongs to the other process: not listed as interrupted, and its tool still runs.
    const listed = JobRecordSchema.array().parse(JSON.parse(String(history.stdout)));
    expect(listed.filter((rec) => rec.status === 'interrupted')).toEqual([]);
    expect(String(history.stderr)).not.toMatch(/interrupted|leftover/);
    expect(markedProcesses(unique).length).toBeGreaterThan(0);

    writeFileSync(join(dataDir, 'runs', String(jobId), 'input', 'go'), '');
    const r = await child;
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const [record] = finishedRecords(parseEvents(String(r.stdout)));
    expect(record).toMatchObject({ status: 'completed', exitCode: 0 });
    expect(String(r.stdout)).toContain('rested');
  });

  it('a CLI starting on the folder keeps the zip another live engine has extracted and not yet run', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const zipPath = join(dir, 'scripts.zip');
    const zip = new ZipFile();
    zip.addBuffer(Buffer.from('#!/bin/sh\necho "$1"\n'), 'scripts/hello.sh');
    zip.end();
    const written = once(zip.outputStream.pipe(createWriteStream(zipPath)), 'close');
    await written;

    // The app's side: a zip opened (extracted into staging), its run not submitted yet.
    const app = await createEngine({ dataDir, runtime: devLayout(ROOT) });
    cleanups.push(() => void app.shutdown());
    const project = await app.projects.openPath(zipPath);

    const cli = await spawnCli(['history', '--data-dir', dataDir]);
    expect(cli.exitCode, String(cli.stderr)).toBe(0);

    await app.registry.ready();
    const view = await app.queue.submit({
      clientId: 'window:1',
      toolId: 'bash-verification',
      toolName: 'Bash Verification',
      project: { name: project.name, source: project.source, kind: project.kind },
      priority: 'interactive',
      timeoutSec: 60,
    });
    await app.queue.onIdle();
    const record = app.queue.list().find((r) => r.jobId === view.record.jobId);
    expect(record).toMatchObject({ status: 'completed' });
    await app.shutdown();
  });
});
