import { setTimeout as sleep } from 'node:timers/promises';
import { JOB_MARKER } from '../../main/runner';
import { listProcs, readMarker } from '../../main/runner/linux-procs';

/** Live processes whose environment carries this run's marker: what must be gone when a run has ended. */
export async function markedPids(jobId: string): Promise<number[]> {
  const wanted = new Set([`${JOB_MARKER}=${jobId}`]);
  const procs = await listProcs('/proc');
  const hits = await Promise.all(procs.map(async (p) => ((await readMarker('/proc', p.pid, wanted)) === 'yes' ? p.pid : 0)));
  return hits.filter((pid) => pid > 0);
}

/** SIGKILL to everything carrying the marker: a benchmark never leaves a process behind, even when it fails. */
export async function killMarked(jobId: string): Promise<number> {
  const pids = await markedPids(jobId);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return pids.length;
}

/** Polls until no live process is in process group `pgid` (bounded); returns whether it emptied. */
export async function waitGroupGone(pgid: number, timeoutMs: number, pollMs = 2): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (!(await listProcs('/proc')).some((p) => p.pgid === pgid)) return true;
    if (Date.now() > end) return false;
    await sleep(pollMs);
  }
}
