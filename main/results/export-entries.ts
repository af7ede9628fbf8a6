import type { Stats } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { ProducedFile } from '../../shared/jobs';
import { INPUT_DIR, LOG_FILE, OUTPUT_DIR, RECORD_FILE, lstatTop } from './run-layout';
import { locateInRun } from './safe-path';
import { walkRun } from './walk';

export interface ZipItem {
  /** Where to read it: an absolute path under the run folder with no link on the way. */
  abs: string | Buffer;
  /** The entry's name in the zip: relative, forward slashes. */
  name: string;
  /** lstat when it was listed; the open must find the same file. */
  stat: Stats;
}

/**
 * What an export contains: run.json, run.log, every regular file under output/, and each input/ file the produced
 * list names. Links are left out (never followed, not stored: a link in a zip is a link on the user's disk when
 * extracted, possibly pointing anywhere), and so are FIFOs, sockets and devices. Empty folders are not stored.
 */
export async function collectZipItems(
  root: string,
  produced: readonly ProducedFile[],
  maxEntries: number,
  signal: AbortSignal | undefined,
): Promise<ZipItem[]> {
  const items: ZipItem[] = [];
  const add = (item: ZipItem): void => {
    if (items.length >= maxEntries) {
      throw new AppError('limit', `This run has more than ${maxEntries.toLocaleString('en-US')} files to export; export stopped.`, {
        maxEntries,
      });
    }
    items.push(item);
  };

  for (const name of [RECORD_FILE, LOG_FILE]) {
    const stat = await lstatTop(root, name);
    if (stat?.isFile()) add({ abs: path.join(root, name), name, stat });
  }
  const output = await lstatTop(root, OUTPUT_DIR);
  if (output?.isDirectory()) {
    await walkRun(
      [{ abs: path.join(root, OUTPUT_DIR), rel: OUTPUT_DIR }],
      (entry) => {
        if (entry.stat.isFile()) add({ abs: entry.abs, name: zipName(entry.rel), stat: entry.stat });
        return true;
      },
      { signal },
    );
  }
  const seen = new Set(items.map((i) => i.name));
  for (const p of produced) {
    if (p.origin === 'output' || !p.path.startsWith(`${INPUT_DIR}/`)) continue; // output/ was walked whole
    const found = await locateInRun(root, p.path).catch(() => null); // gone, or behind a link: not exported
    if (!found?.stat.isFile()) continue;
    const name = zipName(found.rel);
    if (seen.has(name)) continue;
    seen.add(name);
    add({ abs: found.abs, name, stat: found.stat });
  }
  return items;
}

/** A back slash in a Linux file name would become a separator in the zip (yazl turns '\' into '/'), so it is replaced. */
function zipName(rel: string): string {
  return rel.replace(/\\/g, '_');
}
