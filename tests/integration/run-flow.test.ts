import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipEntries } from '../support/zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelName, ChannelResponse, EventName, EventPayload } from '../../shared/contract';
import type { Result } from '../../shared/errors';
import { appCaller, startServices, type TestServices } from '../support/services';

// One run end to end through the real router: example → submit → live output → finished → diagnostics → results.
describe('a Bash Verification run through the router', () => {
  let svc: TestServices;
  let exportDir: string;
  const caller = appCaller('window:flow');
  const events: { event: EventName; payload: unknown }[] = [];

  beforeAll(async () => {
    exportDir = await mkdtemp(join(tmpdir(), 'hapyy-export-'));
    svc = await startServices({}, { pickSavePath: async () => join(exportDir, 'results.zip') });
    svc.events.attach(caller.clientId, (event, payload) => events.push({ event, payload }));
  });
  afterAll(async () => {
    await svc.dispose();
    await rm(exportDir, { recursive: true, force: true });
  });

  async function call<C extends ChannelName>(channel: C, payload: unknown): Promise<ChannelResponse<C>> {
    const res = (await svc.router.handle(channel, payload, caller)) as Result<ChannelResponse<C>>;
    if (!res.ok) throw new Error(`${channel}: ${res.error.code}: ${res.error.message}`);
    return res.value;
  }
  const waitFor = async <E extends EventName>(event: E, pred: (p: EventPayload<E>) => boolean, ms = 20_000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const hit = events.find((e) => e.event === event && pred(e.payload as EventPayload<E>));
      if (hit) return hit.payload as EventPayload<E>;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no ${event} within ${ms} ms`);
  };

  it('finds ShellCheck, runs the quoting-bugs example, and reports its findings', async () => {
    const tools = await call('tools:list', {});
    const bash = tools.find((t) => t.tool.id === 'bash-verification');
    expect(bash?.available).toBe(true);
    expect(bash?.engine?.id).toBe('shellcheck');

    const project = await call('examples:open', { exampleId: 'bash-quoting-bugs' });
    expect(project.suggestedTools).toContain('bash-verification');

    const view = await call('jobs:submit', { projectId: project.projectId, toolId: 'bash-verification' });
    expect(view.record.status).toBe('queued');
    const record = await waitFor('job:finished', (r) => r.jobId === view.record.jobId);
    expect(record.status).toBe('problems'); // ShellCheck exits 1 when it finds problems: the tool did its job
    expect(record.engine?.name).toBe('ShellCheck');
    expect(record.diagnostics?.warning ?? 0).toBeGreaterThan(0);
    expect(record.message).toMatch(/found \d+ problem/);

    const lines = events.filter((e) => e.event === 'job:output' && (e.payload as { jobId: string }).jobId === record.jobId);
    expect(lines.length).toBeGreaterThan(0);

    const diagnostics = await call('jobs:diagnostics', { jobId: record.jobId });
    const codes = diagnostics.map((d) => d.code);
    expect(codes).toContain('SC2086');
    const first = diagnostics[0]!;
    expect(first.file).not.toMatch(/^\//);

    const preview = await call('results:preview', { jobId: record.jobId, path: `input/${first.file}` });
    expect(preview.kind).toBe('text');
    expect(preview.text.split('\n').length).toBeGreaterThanOrEqual(first.line);

    const detail = await call('jobs:get', { jobId: record.jobId });
    expect(detail.output.length).toBe(record.outputLines);
    expect(detail.lastSeq).toBe(record.outputLines);

    const exported = await call('results:export', { jobId: record.jobId });
    expect(exported?.path).toBe(join(exportDir, 'results.zip'));
    const names = await zipEntries(exported!.path);
    expect(names).toEqual(expect.arrayContaining(['run.json', 'run.log']));
  });

  it('another live window cannot read or cancel that job', async () => {
    const other = appCaller('window:other');
    svc.events.attach(other.clientId, () => undefined);
    const [job] = await call('jobs:list', {});
    expect(job).toBeDefined();
    const res = await svc.router.handle('jobs:get', { jobId: job!.jobId }, other);
    expect(res).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const list = await svc.router.handle('jobs:list', {}, other);
    expect(list).toMatchObject({ ok: true, value: [] });
  });
});

