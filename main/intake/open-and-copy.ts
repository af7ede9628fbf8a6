import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { asCancelled } from './cancel';
import { copiedEntry, copyProject, explain, keyOf, type CopyOptions } from './copy';
import { readUmask } from './copy-file';
import { copyStream, copyThreadCount, ThreadCopyFailure } from './copy-pool';
import type { CopyStream } from './copy-stream';
import { placeEngineContext } from './engine-context';
import { sortManifestEntries } from './manifest';
import { disposeProject, openProject } from './open';
import { entryPath, parentOf } from './paths';
import { defaultHandleCheck } from './source-file';
import type { Manifest, ManifestEntry, OpenedProject, OpenOptions } from './types';

/**
 * Batches a copy thread holds while the scan feeds it: this thread answers only between the scan's 8 ms slices, and
 * four batches (up to 256 files) keep a thread busy past that.
 */
const SCAN_AHEAD = 4;

/**
 * Opens a project and copies it into `destInputDir` in one go, for a run that starts from a path (`hapyy run`, the
 * bench): the copy threads copy each file as soon as the scan has accepted it, instead of after the whole scan.
 *
 * It keeps what openProject then copyProject guarantee:
 *  - The same checks decide what is copied: a file goes to the copy only after it passed every check the scan makes
 *    of it, and the copy threads check it again as copyProject does (opened once without following a link, checked
 *    through the descriptor, held to the size limits by its fstat).
 *  - All or nothing: if the scan then rejects the project (a limit, no files, a cancel), the copy is stopped and
 *    removed, and the scan's own error is thrown, the same as openProject's. A copy failure (a file changed since
 *    the scan saw it) stops the copy but lets the scan finish, so a limit the scan would hit later still wins, as
 *    it did when the scan came first; then the copy's error is thrown. Either way nothing of the copy is left.
 *  - The manifest of the copy is made as copyProject makes it, in manifest order.
 * A single file is opened, then copied (there is no scan to overlap).
 */
export async function openAndCopyProject(
  source: string,
  destInputDir: string,
  opts: OpenOptions & CopyOptions,
): Promise<{ project: OpenedProject; manifest: Manifest }> {
  const dest = path.resolve(destInputDir);
  const held: { copy?: ScanCopy } = {};
  let project: OpenedProject;
  try {
    project = await openProject(source, opts, (root) => {
      const copy = new ScanCopy(root, dest, opts);
      held.copy = copy;
      return (entry) => copy.add(entry);
    });
  } catch (err) {
    await held.copy?.abort();
    throw err;
  }
  try {
    const manifest = held.copy ? await held.copy.finish(project) : await copyProject(project, dest, opts);
    return { project, manifest };
  } catch (err) {
    await disposeProject(project);
    throw err;
  }
}

/** The copy a scan feeds: each accepted file's folder made here, the file handed to the copy threads. */
class ScanCopy {
  /** The first folder made for `dest` (undefined: it was there): what to remove if the copy does not finish. */
  private readonly made: string | undefined;
  private readonly folders = new Set<string>();
  /** The files handed to the copy, in the order added (the stream's indexes). */
  private readonly entries: ManifestEntry[] = [];
  private readonly stream: CopyStream;

  constructor(
    root: string,
    private readonly dest: string,
    private readonly opts: OpenOptions & CopyOptions,
  ) {
    this.made = mkdirSync(dest, { recursive: true });
    this.folders.add(keyOf(dest));
    this.stream = copyStream({
      setup: {
        root,
        dest,
        check: opts.handleCheck ?? defaultHandleCheck(),
        umask: readUmask(),
        fileBytes: opts.limits.fileBytes,
        totalBytes: opts.limits.totalBytes,
      },
      threads: opts.threads ?? copyThreadCount(),
      forceThreads: opts.threads !== undefined,
      ahead: SCAN_AHEAD,
      pool: opts.pool,
      signal: opts.signal,
    });
  }

  add(entry: ManifestEntry): void {
    if (this.stream.stopped) return; // a file failed: the scan goes on only to tell its own error first
    const parent = parentOf(entryPath(this.dest, entry));
    const key = keyOf(parent);
    // Synchronous like the scan's own calls (time-slice.ts); the walk gives a folder's files together, so one per folder.
    if (!this.folders.has(key)) {
      mkdirSync(parent, { recursive: true });
      this.folders.add(key);
    }
    this.entries.push(entry);
    this.stream.add(entry, entry.size);
  }

  async finish(project: OpenedProject): Promise<Manifest> {
    try {
      const stats = await this.stream.finish();
      const files = this.entries.map((e, i) => copiedEntry(e, stats[i * 3] as number, stats[i * 3 + 1] as number, stats[i * 3 + 2] as number));
      sortManifestEntries(files);
      await placeEngineContext(project.engineContext, path.dirname(this.dest));
      return { files, bytes: files.reduce((n, e) => n + e.size, 0) };
    } catch (err) {
      await this.remove();
      if (err instanceof ThreadCopyFailure) throw explain(err.failure, this.entries[err.at] as ManifestEntry, project);
      throw asCancelled(err, this.opts.signal);
    }
  }

  /** The scan failed: stops the copy and removes it. */
  async abort(): Promise<void> {
    await this.stream.abort();
    await this.remove();
  }

  private async remove(): Promise<void> {
    if (this.made !== undefined) await rm(this.made, { recursive: true, force: true });
  }
}
