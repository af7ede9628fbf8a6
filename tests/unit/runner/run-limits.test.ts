import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOG_FILE, readLogTail, readLogText } from '../../../main/runner';
import { cgroupPrefix, probeCgroups } from '../../../main/runner/cgroups';
import { findExecutable } from '../../../main/runner/find-executable';
import { useWorkspace, bareRunner, fixture, hasCgroupMemory, limits, markedPids, NODE, request, sandboxedRunner, SH } from './helpers';

const MB = 1024 * 1024;
const kernelMemoryLimit = await hasCgroupMemory();
const prlimit = await findExecutable('prlimit', process.env.PATH);
const cgroups = await probeCgroups('/sys/fs/cgroup');

const jobs: string[] = [];
const ws = useWorkspace(jobs);

/** No cgroup of this job is left behind. */
async function leftoverCgroups(jobId: string): Promise<string[]> {
  const parents = [cgroups.memory?.parent, cgroups.pids?.parent].filter((p): p is string => p !== undefined);
  const names = (await Promise.all(parents.map((p) => readdir(p).catch(() => [] as string[])))).flat();
  return names.filter((n) => n.startsWith(cgroupPrefix(jobId)));
}

describe('output limit', () => {
  it.each([
    ['sandboxed', sandboxedRunner],
    ['bare', bareRunner],
  ] as const)('endless output (%s) ends as output-limit with the log cut near the cap', async (_name, makeRunner) => {
    const seqs: number[] = [];
    const req = request(ws, {
      command: NODE,
      args: [fixture('flood.mjs'), '0', '100'],
      limits: limits({ logBytes: MB, outputLinesKept: 200 }),
      onOutput: (lines) => seqs.push(...lines.map((l) => l.seq)),
    });
    jobs.push(req.jobId);
    const outcome = await makeRunner().runTool(req);
    // Listeners saw lines once each, in order, up to the runner's own note (under a flood only the newest of each
    // delivery are made into strings; run.log has them all).
    expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
    expect(seqs.at(-1)).toBe(outcome.outputLines);
    expect(outcome.status).toBe('output-limit');
    expect(outcome.message).toBe('The tool wrote more than 1 MB of output and was stopped.');
    expect(outcome.truncated).toBe(true);
    expect(outcome.outputBytes).toBeGreaterThan(MB);
    expect(outcome.tail.length).toBeLessThanOrEqual(200);
    // The log holds exactly the first MB of the tool's output (plus the index), every line numbered.
    expect(await readLogText(path.join(ws.runDir, LOG_FILE), 'stdout', 2 * MB)).toHaveLength(MB);
    const logSize = (await stat(path.join(ws.runDir, LOG_FILE))).size;
    expect(logSize).toBeLessThan(MB * 1.1);
    const all = await readLogTail(ws.runDir, 1_000_000, 10 * MB);
    expect(all.map((l) => l.seq)).toEqual(Array.from({ length: outcome.outputLines }, (_, i) => i + 1));
    expect(all.at(-1)).toMatchObject({ stream: 'system', text: expect.stringContaining('output limit') });
    expect(all.at(-1)?.text).toContain(`the ${outcome.outputBytes - MB} bytes after them were not kept`);
    expect(await markedPids(req.jobId)).toEqual([]);
  });

  it("keeps the runner's memory bounded while 300 MB of output stream through", async () => {
    const total = 300 * MB;
    const req = request(ws, {
      command: NODE,
      args: [fixture('flood.mjs'), String(total), '4096'],
      limits: limits({ logBytes: 400 * MB, outputLinesKept: 100 }),
      timeoutMs: 25_000,
    });
    jobs.push(req.jobId);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    let delivered = 0;
    const outcome = await sandboxedRunner().runTool({ ...req, onOutput: (lines) => (delivered += lines.length) });
    clearInterval(sampler);
    expect(outcome.status).toBe('completed');
    expect(outcome.outputBytes).toBeGreaterThanOrEqual(total);
    expect(delivered).toBeGreaterThan(0);
    expect(delivered).toBeLessThanOrEqual(outcome.outputLines);
    expect(outcome.tail).toHaveLength(100);
    // Holding the output would take at least 300 MB; streaming to disk keeps the growth to buffers.
    expect(peak - before).toBeLessThan(120 * MB);
  }, 30_000);
});

describe('memory limit', () => {
  it.skipIf(!kernelMemoryLimit)('a memory hog ends as memory-limit in the kernel-limited sandbox, and its cgroup is removed', async () => {
    const req = request(ws, { command: NODE, args: [fixture('hog.mjs'), '2048'], limits: limits({ memoryBytes: 160 * MB }) });
    jobs.push(req.jobId);
    const outcome = await sandboxedRunner().runTool(req);
    expect(outcome.status).toBe('memory-limit');
    expect(outcome.message).toBe('The tool used more than 160 MB of memory and was stopped.');
    expect(outcome.protections).toContain('cgroup-memory');
    expect(await markedPids(req.jobId)).toEqual([]);
    expect(await leftoverCgroups(req.jobId)).toEqual([]);
  });

  it('a memory hog ends as memory-limit with only the tree watcher, which reports the peak', async () => {
    const req = request(ws, { command: NODE, args: [fixture('hog.mjs'), '2048'], limits: limits({ memoryBytes: 160 * MB }) });
    jobs.push(req.jobId);
    const outcome = await bareRunner().runTool(req);
    expect(outcome.status).toBe('memory-limit');
    expect(outcome.protections).toContain('tree-memory-watch');
    expect(outcome.protections).not.toContain('cgroup-memory');
    expect(outcome.peakMemoryBytes).toBeGreaterThan(160 * MB);
    expect(await markedPids(req.jobId)).toEqual([]);
  });

  it('measures the peak memory of an ordinary run', async () => {
    const outcome = await bareRunner().runTool(request(ws, { command: NODE, args: ['-e', 'setTimeout(() => {}, 700)'] }));
    expect(outcome.status).toBe('completed');
    expect(outcome.peakMemoryBytes).toBeGreaterThan(5 * MB);
    expect(outcome.peakMemoryBytes).toBeLessThan(1024 * MB);
  });
});

describe('process limit', () => {
  it.each([
    ['sandboxed', sandboxedRunner],
    ['bare', bareRunner],
  ] as const)('a tool starting more processes than allowed (%s) is stopped, and all of them end', async (_name, makeRunner) => {
    const req = request(ws, { command: NODE, args: [fixture('fork-many.mjs'), '40'], limits: limits({ processes: 10 }) });
    jobs.push(req.jobId);
    const outcome = await makeRunner().runTool(req);
    expect(outcome.status).toBe('process-limit');
    expect(outcome.message).toBe('The tool started more than 10 processes and was stopped.');
    expect(await markedPids(req.jobId)).toEqual([]);
  });
});

describe('file size limit', () => {
  it.skipIf(!prlimit)('a file written past fileWriteBytes is stopped at the limit (RLIMIT_FSIZE)', async () => {
    const big = path.join(ws.runDir, 'output', 'big.bin');
    const req = request(ws, {
      command: SH,
      args: ['-c', `exec head -c 3000000 /dev/zero > ${big}`],
      limits: limits({ fileWriteBytes: MB }),
    });
    const outcome = await bareRunner().runTool(req);
    expect(outcome.status).toBe('failed');
    expect(outcome.signal).toBe('SIGXFSZ');
    expect(outcome.message).toBe('The tool tried to write a file larger than 1 MB and was stopped.');
    expect(outcome.protections).toContain('rlimit-fsize');
    expect((await stat(big)).size).toBeLessThanOrEqual(MB);
  });
});

describe('limit on bytes written in total', () => {
  // 1 MB files one after another, each far under the file-size limit: only the total cap can stop it.
  const FILLER = 'i=0; while :; do i=$((i+1)); head -c 1048576 /dev/zero > "$1/fill-$i"; done';

  it.each([
    ['sandboxed', sandboxedRunner],
    ['bare', bareRunner],
  ] as const)('a tool filling its run folder with many small files (%s) ends as write-limit, and nothing of it runs on', async (_name, makeRunner) => {
    const output = path.join(ws.runDir, 'output');
    const req = request(ws, { command: SH, args: ['-c', FILLER, 'filler', output], limits: limits({ writeBytes: 8 * MB }), timeoutMs: 30_000 });
    jobs.push(req.jobId);
    const outcome = await makeRunner().runTool(req);
    expect(outcome.status).toBe('write-limit');
    expect(outcome.message).toBe('The tool wrote more than 8 MB to its run folder and was stopped.');
    expect(await markedPids(req.jobId)).toEqual([]);
    const written = (await readdir(output)).length;
    expect(written).toBeGreaterThan(8);
    console.log(`[runner] write-limit: stopped after ${written} files of 1 MB (cap 8 MB, sampled)`);
  });

  it('a tool that writes past the cap and exits before a sample is still judged over it', async () => {
    const req = request(ws, { command: SH, args: ['-c', 'head -c 3145728 /dev/zero > ../output/big'], limits: limits({ writeBytes: 2 * MB }) });
    jobs.push(req.jobId);
    const outcome = await sandboxedRunner().runTool(req);
    expect(outcome.status).toBe('write-limit');
  });

  it('the project copy already in input/ does not count: only what the tool adds', async () => {
    await writeFile(path.join(ws.input, 'big-input.bin'), Buffer.alloc(3 * MB));
    const req = request(ws, { command: SH, args: ['-c', 'head -c 1048576 /dev/zero > ../output/small'], limits: limits({ writeBytes: 2 * MB }) });
    jobs.push(req.jobId);
    expect((await sandboxedRunner().runTool(req)).status).toBe('completed');
  });

  it('a writable folder the run did not make (home/ already there) is measured before the start: its files do not count', async () => {
    // The runner skips the walk only for folders it has just made; one that exists with 3 MB in it must be walked, or
    // the tool's 1 MB would read as 4 MB added.
    const home = path.join(ws.runDir, 'home');
    await mkdir(home);
    await writeFile(path.join(home, 'left-from-before.bin'), Buffer.alloc(3 * MB));
    const req = request(ws, { command: SH, args: ['-c', 'head -c 1048576 /dev/zero > ../output/small'], limits: limits({ writeBytes: 2 * MB }) });
    jobs.push(req.jobId);
    expect((await bareRunner().runTool(req)).status).toBe('completed');
  });

  it('folders the run made itself count from zero: 3 MB written into a fresh tmp/ is over a 2 MB cap', async () => {
    const req = request(ws, { command: SH, args: ['-c', 'head -c 3145728 /dev/zero > ../tmp/big'], limits: limits({ writeBytes: 2 * MB }) });
    jobs.push(req.jobId);
    expect((await bareRunner().runTool(req)).status).toBe('write-limit');
  });
});
