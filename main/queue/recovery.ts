import type { Notice } from '../../shared/contract';
import { isActive, type JobRecord } from '../../shared/jobs';
import type { RunStore } from '../store';
import { interruptRecord } from './job-record';

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Start-up: loads history; jobs that were waiting or running when the app died become 'interrupted' (saved at
 * once), and any of their processes that outlived the app are ended. Never throws for bad data.
 * `known` ids belong to this session (submitted while history was loading) and are left alone, and so are the
 * active jobs of other live processes sharing the data folder.
 */
export async function recoverHistory(
  store: RunStore,
  opts: {
    known: (jobId: string) => boolean;
    killLeftovers?: ((jobIds: string[]) => Promise<number>) | undefined;
    /** Active records whose run goes on elsewhere (a pool job): returned as `resumed`, not interrupted. */
    resumable?: ((record: JobRecord) => Promise<boolean>) | undefined;
  },
): Promise<{ records: JobRecord[]; resumed: JobRecord[]; notices: Notice[] }> {
  const { records: loaded, notices } = await store.load();
  const records: JobRecord[] = [];
  const resumed: JobRecord[] = [];
  const interrupted: string[] = [];
  for (const found of loaded) {
    if (opts.known(found.jobId)) continue;
    // A job of another live engine on the same data folder (the app, a CLI run) is neither interrupted nor loaded.
    if (isActive(found.status) && (await store.ownedByLiveProcess(found.jobId))) continue;
    if (isActive(found.status) && opts.resumable && (await opts.resumable(found).catch(() => false))) {
      // Claimed before it runs again: another engine starting on this data folder now sees a live owner.
      const claimed = await store.claim(found.jobId).then(
        () => true,
        (err: unknown) => {
          notices.push({ level: 'warning', message: `The run ${found.jobId} could not be taken up again (${errorText(err)}).` });
          return false;
        },
      );
      if (claimed) {
        resumed.push(found);
        continue;
      }
    }
    let record = found;
    if (isActive(record.status)) {
      record = interruptRecord(record);
      interrupted.push(record.jobId);
      await store.save(record).catch((err: unknown) => {
        notices.push({ level: 'warning', message: `The record of run ${found.jobId} could not be updated (${errorText(err)}).` });
      });
    }
    records.push(record);
  }
  if (resumed.length > 0) {
    const n = resumed.length;
    notices.push({ level: 'info', message: `${n} job${n === 1 ? '' : 's'} on the shared pool ${n === 1 ? 'was' : 'were'} taken up again where ${n === 1 ? 'it' : 'they'} stood.` });
  }
  if (interrupted.length === 0) return { records, resumed, notices };

  const n = interrupted.length;
  notices.push({ level: 'info', message: `${n} job${n === 1 ? ' was' : 's were'} interrupted when Hapyy closed; you can run ${n === 1 ? 'it' : 'them'} again.` });
  if (opts.killLeftovers) {
    try {
      const killed = await opts.killLeftovers(interrupted);
      if (killed > 0) notices.push({ level: 'info', message: `Ended ${killed} leftover process${killed === 1 ? '' : 'es'} of interrupted runs.` });
    } catch (err) {
      notices.push({ level: 'warning', message: `Leftover processes of interrupted runs could not be ended (${errorText(err)}).` });
    }
  }
  return { records, resumed, notices };
}
