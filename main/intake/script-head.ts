import { closeSync, constants, openSync, readSync } from 'node:fs';
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

// O_NONBLOCK: a file swapped for a FIFO since the scan must not stop the (synchronous) read waiting for a writer.
const SYNC_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * The same, synchronously: intake sniffs up to SNIFF_CAP files per project, and three pool round trips per file
 * (open, read, close) cost more than the calls; the caller runs it in time slices (time-slice.ts).
 */
export function readScriptHeadSync(file: string | Buffer): Buffer {
  let fd: number | undefined;
  try {
    fd = openSync(file, SYNC_FLAGS);
    const buf = Buffer.alloc(SCRIPT_HEAD_BYTES);
    return buf.subarray(0, readSync(fd, buf, 0, SCRIPT_HEAD_BYTES, 0));
  } catch {
    return Buffer.alloc(0);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
