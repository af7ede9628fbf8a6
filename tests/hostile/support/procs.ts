import { readdir, readFile } from 'node:fs/promises';
import { JOB_MARKER } from '../../../main/runner';

/** A live process that belongs to a hostile run: found by its job marker or by a marker string in its command line. */
export interface Leftover {
  pid: number;
  cmdline: string;
  why: 'job-marker' | 'cmdline';
}

export interface LeftoverQuery {
  /** Job ids whose `HAPYY_JOB_ID=<id>` may not be in any live process's environment. */
  jobIds?: readonly string[];
  /** Strings that may not appear in any live process's command line. */
  markers?: readonly string[];
}

const read = (file: string): Promise<string | null> => readFile(file, 'latin1').catch(() => null);

/**
 * Scans /proc (the whole process table, not just the runner's tree) the way a reviewer would. Zombies are not
 * counted: they hold nothing and are only waiting for their parent to reap them.
 */
export async function findLeftovers(q: LeftoverQuery): Promise<Leftover[]> {
  const envWanted = new Set((q.jobIds ?? []).map((id) => `${JOB_MARKER}=${id}`));
  const markers = q.markers ?? [];
  const names = (await readdir('/proc')).filter((n) => /^\d+$/.test(n) && Number(n) !== process.pid);
  const found = await Promise.all(
    names.map(async (n): Promise<Leftover | null> => {
      const stat = await read(`/proc/${n}/stat`);
      if (stat === null || /^\d+ \(.*\) [ZX] /s.test(stat)) return null;
      const cmdline = ((await read(`/proc/${n}/cmdline`)) ?? '').replaceAll('\0', ' ').trim();
      if (markers.some((m) => cmdline.includes(m))) return { pid: Number(n), cmdline, why: 'cmdline' };
      if (envWanted.size === 0) return null;
      const environ = await read(`/proc/${n}/environ`);
      if (environ?.split('\0').some((e) => envWanted.has(e))) return { pid: Number(n), cmdline, why: 'job-marker' };
      return null;
    }),
  );
  return found.filter((l): l is Leftover => l !== null);
}

/** Safety net for a failed test: nothing a hostile tool started may outlive the suite. */
export async function killLeftovers(q: LeftoverQuery): Promise<number> {
  let killed = 0;
  for (let round = 0; round < 5; round += 1) {
    const left = await findLeftovers(q);
    if (left.length === 0) break;
    for (const l of left) {
      try {
        process.kill(l.pid, 'SIGKILL');
        killed += 1;
      } catch {
        // gone already
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return killed;
}

/** The job ids (of those given) that live processes carry right now: how many runs really are running. */
export async function liveJobs(jobIds: ReadonlySet<string>): Promise<Set<string>> {
  const prefix = `${JOB_MARKER}=`;
  const names = (await readdir('/proc')).filter((n) => /^\d+$/.test(n) && Number(n) !== process.pid);
  const live = new Set<string>();
  await Promise.all(
    names.map(async (n) => {
      const stat = await read(`/proc/${n}/stat`);
      if (stat === null || /^\d+ \(.*\) [ZX] /s.test(stat)) return;
      const entry = (await read(`/proc/${n}/environ`))?.split('\0').find((e) => e.startsWith(prefix));
      const id = entry?.slice(prefix.length);
      if (id !== undefined && jobIds.has(id)) live.add(id);
    }),
  );
  return live;
}
