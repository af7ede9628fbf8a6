import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findRunCgroups, removeCgroupDir } from './cgroups';
import type { RunnerDeps } from './deps';
import type { Facilities } from './facilities';
import { listProcs, readMarker } from './linux-procs';
import { markerEntry } from './process-tree';

/**
 * After a crash: ends every process still carrying one of these jobs' markers, or still inside one of their
 * cgroups, then removes those cgroups. SIGKILL straight away: the runs are already over for the app.
 * Linux only; elsewhere the markers cannot be read (0 is returned), and bwrap's --die-with-parent or the OS
 * ended sandboxed tools with the app anyway.
 */
export async function killLeftoverProcesses(deps: RunnerDeps, f: Facilities, jobIds: string[]): Promise<number> {
  if (deps.platform !== 'linux' || jobIds.length === 0) return 0;
  const wanted = new Set(jobIds.map(markerEntry));
  const cgroups = await findRunCgroups(f.cgroups, jobIds);
  const find = async (): Promise<number[]> => {
    const procs = (await listProcs(deps.procRoot)).filter((p) => p.pid !== process.pid && p.pid !== 1);
    const alive = new Set(procs.map((p) => p.pid));
    const marked = await Promise.all(procs.map(async (p) => ((await readMarker(deps.procRoot, p.pid, wanted)) === 'yes' ? p.pid : 0)));
    const fromCgroups = (await findRunCgroups(f.cgroups, jobIds)).pids.filter((pid) => alive.has(pid));
    return [...new Set([...marked.filter((pid) => pid > 0), ...fromCgroups])];
  };
  const killed = new Set<number>();
  for (let round = 0; round < 40; round += 1) {
    const pids = await find();
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
        killed.add(pid);
      } catch {
        // gone already, or not ours
      }
    }
    await sleep(deps.pollMs);
  }
  // cgroup v2 run cgroups: one last kill of anything that forked meanwhile, then the folders go.
  await Promise.all(cgroups.dirs.map((d) => writeFile(path.join(d, 'cgroup.kill'), '1').catch(() => undefined)));
  await Promise.all(cgroups.dirs.map(removeCgroupDir));
  return killed.size;
}
