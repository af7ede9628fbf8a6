import { access, constants, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder under `base` (default: the system temp dir), removed after `fn` however it ends. */
export async function withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>, base: string = tmpdir()): Promise<T> {
  const dir = await mkdtemp(join(base, `hapyy-bench-${prefix}-`));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A memory-backed folder (/dev/shm) where there is one, else the temp dir. For simulations run at a compressed
 * time scale: a 5 ms fsync would otherwise stand for seconds of simulated time.
 */
export async function memoryTempBase(): Promise<string> {
  try {
    await access('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}
