import path from 'node:path';
import type { ProducedFile } from '../../shared/jobs';
import { INPUT_DIR, OUTPUT_DIR, lstatTop } from './run-layout';
import { realRunDir } from './safe-path';
import { compareFilePaths } from './order';
import { walkRun, type WalkEntry } from './walk';

/** The intake manifest as far as this module needs it: paths relative to input/, as copied. */
export interface InputManifest {
  files: readonly { path: string; rawPath?: string | undefined; size: number; mtimeMs: number }[];
}

export interface ProducedOptions {
  /** Stop after this many produced files (default 50,000). */
  maxFiles?: number;
  /** Stop after looking at this many entries in all (default 500,000), however few of them were produced. */
  maxEntries?: number;
  signal?: AbortSignal;
  /** Look at output/ only: without the intake manifest, a changed input cannot be told from an unchanged one. */
  outputOnly?: boolean;
}

export interface ProducedScan {
  files: ProducedFile[];
  /** True when a bound stopped the scan: there may be produced files not listed. */
  truncated: boolean;
}

export const DEFAULT_MAX_PRODUCED = 50_000;
export const DEFAULT_MAX_SCANNED = 500_000;
/** mtimes that differ by less than this are the same: a copy's mtime set through utimes can round by a few ns. */
const MTIME_SLACK_MS = 0.001;

/**
 * What a run produced: every regular file in output/ (origin 'output'), and every regular file in input/ that is not in
 * the manifest taken right after the intake copy ('input-new') or whose size or mtime differ ('input-changed').
 * Links and other non-files are not produced files; links are never followed. Paths are relative to the run folder.
 * Order: output/ first, then input/, each in pre-order with folders before files, then by name.
 */
export async function scanProduced(runDir: string, manifest: InputManifest, opts: ProducedOptions = {}): Promise<ProducedScan> {
  const maxFiles = opts.maxFiles ?? DEFAULT_MAX_PRODUCED;
  const maxEntries = opts.maxEntries ?? DEFAULT_MAX_SCANNED;
  const root = await realRunDir(runDir);
  const known = new Map<string, { size: number; mtimeMs: number }>();
  for (const f of manifest.files) known.set(f.rawPath !== undefined ? `raw:${f.rawPath}` : `path:${f.path}`, f);

  const files: ProducedFile[] = [];
  let seen = 0;
  let complete = true;
  // One root at a time, so output/ comes first whole (and is what a bound keeps first).
  for (const name of opts.outputOnly ? [OUTPUT_DIR] : [OUTPUT_DIR, INPUT_DIR]) {
    const stat = await lstatTop(root, name);
    if (!complete || !stat?.isDirectory()) continue;
    const found: ProducedFile[] = [];
    complete = await walkRun(
      [{ abs: path.join(root, name), rel: name }],
      (entry) => {
        if (seen >= maxEntries) return false;
        seen += 1;
        if (!entry.stat.isFile()) return true;
        const origin = name === OUTPUT_DIR ? 'output' : inputOrigin(entry, known);
        if (!origin) return true;
        if (files.length + found.length >= maxFiles) return false; // one more than the bound: the list is cut
        found.push({ path: entry.rel, size: entry.stat.size, origin });
        return true;
      },
      { signal: opts.signal },
    );
    for (const f of found.sort((a, b) => compareFilePaths(a.path, b.path))) files.push(f);
  }
  return { files, truncated: !complete };
}

/** The produced files only; see scanProduced for whether the list was cut. */
export async function findProduced(runDir: string, manifest: InputManifest, opts: ProducedOptions = {}): Promise<ProducedFile[]> {
  return (await scanProduced(runDir, manifest, opts)).files;
}

function inputOrigin(entry: WalkEntry, known: Map<string, { size: number; mtimeMs: number }>): ProducedFile['origin'] | null {
  const innerText = entry.inner.toString('utf8');
  // Intake writes rawPath (base64 of the bytes) only where the name is not valid UTF-8; match the same way.
  const lossy = !Buffer.from(innerText, 'utf8').equals(entry.inner);
  const before = known.get(lossy ? `raw:${entry.inner.toString('base64')}` : `path:${innerText}`);
  if (!before) return 'input-new';
  const changed = before.size !== entry.stat.size || Math.abs(before.mtimeMs - entry.stat.mtimeMs) >= MTIME_SLACK_MS;
  return changed ? 'input-changed' : null;
}
