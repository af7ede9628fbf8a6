import { open } from 'node:fs/promises';
import { SCRIPT_HEAD_BYTES } from '../../shared/shell-scripts';

/**
 * The first bytes of a file, enough to read a `#!` line or a shell directive; empty when it cannot be read (then it
 * is not a script anyone can tell about). Used by intake (what a project holds) and the registry (what to check).
 */
export async function readScriptHead(file: string | Buffer): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, 'r');
    const buf = Buffer.alloc(SCRIPT_HEAD_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SCRIPT_HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } catch {
    return Buffer.alloc(0);
  } finally {
    await handle?.close();
  }
}
