import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';

/**
 * sha256 of every name (exact bytes), type, mode, size, mtime and content (files) or target (links) under `root`.
 * Never follows a link and opens nothing but regular files: whatever a tool did to the folder changes it.
 */
export async function treeHash(root: string): Promise<string> {
  const hash = createHash('sha256');
  const visit = async (dir: Buffer): Promise<void> => {
    const names = (await readdir(dir, { encoding: 'buffer' })).sort(Buffer.compare);
    for (const name of names) {
      const abs = Buffer.concat([dir, Buffer.from('/'), name]);
      const st = await lstat(abs);
      hash.update(abs.subarray(root.length)).update(`\0${st.mode}\0${st.size}\0${st.mtimeMs}\0`);
      if (st.isFile()) hash.update(await readFile(abs));
      else if (st.isSymbolicLink()) hash.update(await readlink(abs, { encoding: 'buffer' }));
      else if (st.isDirectory()) await visit(abs);
      hash.update('\0');
    }
  };
  await visit(Buffer.from(root));
  return hash.digest('hex');
}
