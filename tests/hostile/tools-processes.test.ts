import { availableParallelism } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobRecord } from '../../shared/jobs';
import { BASH, customTool, HostileApp, makeProject, newMarker, NODE, tempDir, tool, type TempDir } from './support/harness';
import { MB } from './support/memory';
import { findLeftovers, killLeftovers } from './support/procs';
import { treeHash } from './support/tree-hash';

/**
 * Hostile tools that attack the process table and the machine: a fork storm, a SIGTERM-ignorer with detached
 * grandchildren, a CPU spinner on every core, a memory hog, and the opposite, a tool that does nothing at all.
 * Each runs as a custom tool through the real router, inside the sandbox and without it (cgroups stay on when the
 * machine allows them). After each: the expected status, nothing left in the process table, the project untouched.
 */
const CORES = availableParallelism();
const GRACE_MS = 500;
/** Time limit of the stubborn and spinning tools: long enough to see all their processes alive first. */
const LIMIT_S = 2;

const marks = {
  storm: newMarker('storm'),
  stubborn: newMarker('stubborn'),
  spin: newMarker('spin'),
  hog: newMarker('hog'),
};

const settings = (sandbox: boolean) => ({
  sandbox,
  queue: { concurrency: 2, capacity: 100, perClientActive: 5, perClientHourly: 0 },
  customTools: [
    customTool('fork-storm', BASH, [tool('fork-storm.sh'), marks.storm, '300'], 30),
    customTool('stubborn', BASH, [tool('stubborn.sh'), marks.stubborn], LIMIT_S),
    customTool('spinner', BASH, [tool('spin.sh'), marks.spin, String(CORES)], LIMIT_S),
    customTool('hog', NODE, [tool('hog.mjs'), marks.hog, '4096'], 30),
    customTool('nothing', '/bin/true', [], 10),
  ],
  tools: {
    'fork-storm': { limits: { processes: 100 } },
    stubborn: { limits: { graceMs: GRACE_MS } },
    spinner: { limits: { graceMs: GRACE_MS } },
    hog: { limits: { memoryBytes: 128 * MB } },
  },
});

describe.each([
  { mode: 'sandboxed', sandbox: true },
  { mode: 'unsandboxed', sandbox: false },
])('hostile processes ($mode)', ({ sandbox }) => {
  let app: HostileApp;
  let tmp: TempDir;
  let project: string;
  let projectId: string;
  let hashBefore: string;
  const jobIds: string[] = [];

  beforeAll(async () => {
    tmp = await tempDir('procs');
    project = await makeProject(tmp.path);
    hashBefore = await treeHash(project);
    app = await HostileApp.start(settings(sandbox));
    projectId = (await app.open(project)).projectId;
  });
  afterEach(async () => {
    await killLeftovers({ jobIds, markers: Object.values(marks) });
  });
  afterAll(async () => {
    await app?.dispose();
    await tmp?.remove();
  });

  /** Runs one hostile tool (or waits for one already submitted); checks what every case must hold. */
  async function runHostile(toolId: string, mark: string | null, submitted?: string): Promise<JobRecord> {
    const record = submitted ? await app.finished(submitted) : await app.run(projectId, toolId);
    jobIds.push(record.jobId);
    expect(await findLeftovers({ jobIds: [record.jobId], markers: mark ? [mark] : [] })).toEqual([]);
    expect(await treeHash(project)).toBe(hashBefore);
    console.log(`[hostile] ${toolId} (${sandbox ? 'sandboxed' : 'unsandboxed'}): ${record.status} after ${String(record.durationMs)} ms: ${record.message}`);
    return record;
  }

  it('a fork storm of 300 sleeping children, with a limit of 100 processes, ends at the process limit and leaves nothing', async () => {
    const record = await runHostile('fork-storm', marks.storm);
    expect(record.status).toBe('process-limit');
    expect(record.message).toBe('The tool started more than 100 processes and was stopped.');
  });

  /**
   * Submits, and once the tool has printed `line`, returns what of it is alive in the process table (looking again
   * for a moment until `enough` holds: a grandchild may still be on its way to its exec).
   */
  async function aliveOnceReady(toolId: string, mark: string, line: string, enough: (alive: string[]) => boolean): Promise<{ jobId: string; alive: string[] }> {
    const view = await app.call('jobs:submit', { projectId, toolId });
    const { jobId } = view.record;
    jobIds.push(jobId);
    for (let i = 0; i < 200; i += 1) {
      const detail = await app.call('jobs:get', { jobId });
      if (detail.output.some((l) => l.text === line)) break;
      if (!['queued', 'running'].includes(detail.record.status)) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    let alive: string[] = [];
    for (let i = 0; i < 20; i += 1) {
      alive = (await findLeftovers({ markers: [mark] })).map((l) => l.cmdline);
      if (enough(alive)) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    return { jobId, alive };
  }

  it('a SIGTERM-ignorer with detached grandchildren ends at its time limit, all of it killed', async () => {
    const kinds = ['setsid', 'doublefork', 'scrubbed'];
    const has = (alive: string[], kind: string) => alive.some((c) => c.startsWith(`${marks.stubborn}-${kind}`));
    const { jobId, alive } = await aliveOnceReady('stubborn', marks.stubborn, 'ready', (a) => kinds.every((k) => has(a, k)));
    // The grandchildren really were there: in their own session, re-parented, and with the job marker scrubbed.
    for (const kind of kinds) expect(has(alive, kind), kind).toBe(true);
    await app.finished(jobId);
    const record = await runHostile('stubborn', marks.stubborn, jobId);
    expect(record.status).toBe('timeout');
    expect(record.message).toBe(`The tool ran past its ${LIMIT_S} s limit and was stopped.`);
    // Status timeout is the limit's SIGKILL (the tool ignores SIGTERM and would run on); how soon is for `npm run bench`.
    const out = (await app.call('jobs:get', { jobId: record.jobId })).output.map((l) => l.text);
    expect(out).toContain('ready');
  });

  it(`a CPU spinner on every core (${CORES}) ignoring SIGTERM ends at its time limit`, async () => {
    const spinners = (alive: string[]) => alive.filter((c) => c.startsWith(`${marks.spin}-spin`)).length;
    const { jobId, alive } = await aliveOnceReady('spinner', marks.spin, `spinning on ${CORES} cores`, (a) => spinners(a) === CORES);
    expect(spinners(alive)).toBe(CORES);
    const record = await runHostile('spinner', marks.spin, jobId);
    expect(record.status).toBe('timeout');
    // Status timeout is the limit's SIGKILL (the tool ignores SIGTERM and would run on); how soon is for `npm run bench`.
  });

  it('a memory hog ends as memory-limit', async () => {
    const record = await runHostile('hog', marks.hog);
    expect(record.status).toBe('memory-limit');
    expect(record.message).toBe('The tool used more than 128 MB of memory and was stopped.');
  });

  it('a tool that exits at once with 0 and prints nothing completes with nothing to show', async () => {
    const record = await runHostile('nothing', null);
    expect(record).toMatchObject({ status: 'completed', exitCode: 0, outputLines: 0, outputBytes: 0, filesProduced: [] });
    expect(record.message).toBe('The tool finished without problems.');
    const detail = await app.call('jobs:get', { jobId: record.jobId });
    expect(detail.output).toEqual([]);
    const tree = await app.call('results:tree', { jobId: record.jobId });
    expect(tree.nodes.filter((n) => n.path.startsWith('output/'))).toEqual([]);
  });

  it('says which protections were in force', async () => {
    const [record] = (await app.call('jobs:list', {})).filter((r) => r.toolId === 'nothing');
    expect(record?.protections).toEqual(expect.arrayContaining(['env-allow-list', 'tree-kill', 'process-count-watch']));
    expect(record?.protections.includes('bubblewrap')).toBe(sandbox);
    console.log(`[hostile] protections (${sandbox ? 'sandboxed' : 'unsandboxed'}): ${record?.protections.join(', ')}`);
  });
});
