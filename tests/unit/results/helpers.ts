import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { openPromise } from 'yauzl';

export interface TempRun {
  /** A fresh temp folder holding the run folder and an `outside/` folder next to it. */
  base: string;
  runDir: string;
  outside: string;
  cleanup(): Promise<void>;
}

/** A run folder as the runner leaves it: input/, output/, run.log, run.json, tmp/, home/. */
export async function makeRun(): Promise<TempRun> {
  const base = await mkdtemp(path.join(os.tmpdir(), 'hapyy-results-'));
  const runDir = path.join(base, 'data', 'runs', 'job-1');
  const outside = path.join(base, 'outside');
  for (const d of ['input', 'output', 'tmp', 'home']) await mkdir(path.join(runDir, d), { recursive: true });
  await mkdir(outside);
  await writeFile(path.join(outside, 'secret.txt'), 'top secret\n');
  await writeFile(path.join(runDir, 'run.log'), '[stdout] hello\n');
  await writeFile(path.join(runDir, 'run.json'), '{"jobId":"job-1"}\n');
  return { base, runDir, outside, cleanup: () => rm(base, { recursive: true, force: true }) };
}

/** Writes files (path relative to the run folder → content), making folders as needed. */
export async function put(runDir: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(runDir, rel);
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, content);
  }
}

/** The hostile links: to /etc/passwd, to the folder above the run folder, to a folder outside, and to the run folder. */
export async function plantLinks(run: TempRun): Promise<void> {
  const out = path.join(run.runDir, 'output');
  await symlink('/etc/passwd', path.join(out, 'passwd-link'));
  await symlink('../..', path.join(out, 'up')); // output/../.. = the runs folder, outside this run
  await symlink(run.outside, path.join(out, 'linkdir'));
  await symlink('..', path.join(out, 'self')); // the run folder itself: inside, but still a link
}

/** Every entry of a zip: name → bytes. */
export async function readZip(file: string): Promise<Map<string, Buffer>> {
  const zip = await openPromise(file, { lazyEntries: true });
  const entries = new Map<string, Buffer>();
  try {
    for await (const entry of zip.eachEntry()) {
      entries.set(entry.fileName, await drain(await zip.openReadStreamPromise(entry)));
    }
  } finally {
    zip.close();
  }
  return entries;
}

async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Expects a promise to reject with an AppError of this code; returns its message. */
export async function appErrorCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (typeof err === 'object' && err !== null && 'code' in err) return String((err as { code: unknown }).code);
    throw err;
  }
  throw new Error('expected a rejection');
}
