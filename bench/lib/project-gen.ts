import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import PQueue from 'p-queue';
import { mulberry32 } from './prng';

export interface GeneratedProject {
  root: string;
  files: number;
  bytes: number;
}

const EXTS = ['.ts', '.py', '.sh', '.rs', '.java', '.cpp', '.md', '.json'];

/**
 * A project of `files` files totalling exactly `bytes`, spread over nested folders (20 top folders × 10 × files/200)
 * with sizes drawn from a skewed distribution (many small files, a few large), like a real source tree.
 */
export async function generateProject(root: string, files: number, bytes: number, seed = 1): Promise<GeneratedProject> {
  const rand = mulberry32(seed);
  const weights = Array.from({ length: files }, () => Math.exp(2 * rand()) ** 2);
  const sum = weights.reduce((s, w) => s + w, 0);
  const sizes = weights.map((w) => Math.floor((w / sum) * bytes));
  sizes[0] = (sizes[0] as number) + bytes - sizes.reduce((s, x) => s + x, 0);
  const perLeaf = Math.ceil(files / 200);
  const block = Buffer.alloc(64 * 1024);
  for (let i = 0; i < block.length; i += 1) block[i] = 32 + Math.floor(rand() * 95);
  const content = (size: number): Buffer => {
    if (size <= block.length) return block.subarray(0, size);
    const parts: Buffer[] = [];
    for (let left = size; left > 0; left -= block.length) parts.push(block.subarray(0, Math.min(left, block.length)));
    return Buffer.concat(parts);
  };
  const queue = new PQueue({ concurrency: 16 });
  const folders = new Map<string, Promise<unknown>>();
  for (let i = 0; i < files; i += 1) {
    const leaf = Math.floor(i / perLeaf);
    const dir = join(root, `pkg${Math.floor(leaf / 10)}`, `mod${leaf % 10}`);
    const name = `file${i}${EXTS[i % EXTS.length]}`;
    const size = sizes[i] as number;
    void queue.add(async () => {
      let folder = folders.get(dir);
      if (!folder) folders.set(dir, (folder = mkdir(dir, { recursive: true })));
      await folder;
      await writeFile(join(dir, name), content(size));
    });
  }
  await queue.onIdle();
  return { root, files, bytes };
}
