import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fdir } from 'fdir';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import type { Settings } from '../../../shared/settings';
import type { ToolStatus } from '../../../shared/contract';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const EXAMPLES_DIR = path.join(ROOT, 'resources/examples');
export const TSC_SCRIPT = path.join(ROOT, 'node_modules/typescript/bin/tsc');

/** A fresh folder under os.tmpdir(); remove it with the returned cleanup. */
export async function tempDir(prefix = 'hapyy-registry-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** An executable `#!/bin/sh` script. */
export async function writeScript(dir: string, name: string, body: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

export function settingsWith(patch: Partial<Settings>): () => Settings {
  const s: Settings = { ...DEFAULT_SETTINGS, ...patch };
  return () => s;
}

/** Alive and not a zombie (a container's PID 1 may not reap orphans). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** A hash of every file's path and bytes under a folder, to show that a folder was not modified. */
export async function treeHash(dir: string): Promise<string> {
  const files = (await new fdir().withRelativePaths().crawl(dir).withPromise()).sort();
  const h = createHash('sha256');
  for (const f of files) {
    h.update(f);
    h.update(await readFile(path.join(dir, f)));
  }
  return h.digest('hex');
}

/** The detected status of tool `id` in `list`; throws if the tool is missing from it. */
export const status = (list: ToolStatus[], id: string): ToolStatus => {
  const s = list.find((t) => t.tool.id === id);
  if (!s) throw new Error(`no status for ${id}`);
  return s;
};
