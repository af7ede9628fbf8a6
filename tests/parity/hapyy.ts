import { EventEmitter, once } from 'node:events';
import type { ChannelName, ChannelResponse, EventPayload } from '../../shared/contract';
import type { Result } from '../../shared/errors';
import type { JobRecord } from '../../shared/jobs';
import type { ProjectSummary } from '../../shared/projects';
import type { Settings } from '../../shared/settings';
import { appCaller, openDropped, startServices, type TestServices } from '../support/services';
import { findings, type EngineId, type Finding } from './engines';

export interface HapyyRun {
  project: ProjectSummary;
  record: JobRecord;
  engine: EngineId;
  findings: Finding[];
}

/** The real services (router, intake, queue, registry, sandboxed runner) over a temporary data folder. */
export class Hapyy {
  private readonly caller = appCaller('window:parity');
  private readonly finished = new EventEmitter();
  /** Every finished record, so a job that ends before its waiter attaches is not missed. */
  private readonly ended = new Map<string, JobRecord>();

  private constructor(readonly svc: TestServices) {
    svc.events.attach(this.caller.clientId, (event, payload) => {
      if (event === 'job:finished') {
        const record = payload as EventPayload<'job:finished'>;
        this.ended.set(record.jobId, record);
        this.finished.emit(record.jobId, record);
      }
    });
  }

  static async start(settings: Partial<Settings> = {}): Promise<Hapyy> {
    return new Hapyy(await startServices(settings));
  }

  async call<C extends ChannelName>(channel: C, payload: unknown): Promise<ChannelResponse<C>> {
    const res = (await this.svc.router.handle(channel, payload, this.caller)) as Result<ChannelResponse<C>>;
    if (!res.ok) throw new Error(`${channel}: ${res.error.code}: ${res.error.message}`);
    return res.value;
  }

  /** Opens the folder, runs the tool on it, waits for the end (an event, no polling), returns its findings. */
  async run(folder: string, toolId: string): Promise<HapyyRun> {
    const opened = await openDropped(this.svc.router, folder, { clientId: this.caller.clientId });
    if (!opened.ok) throw new Error(`open ${folder}: ${opened.error.code}: ${opened.error.message}`);
    const project = opened.value;
    const view = await this.call('jobs:submit', { projectId: project.projectId, toolId, timeoutSec: 600 });
    const jobId = view.record.jobId;
    const record = this.ended.get(jobId) ?? ((await once(this.finished, jobId)) as [JobRecord])[0];
    const engine = record.engine?.id as EngineId;
    const list = await this.call('jobs:diagnostics', { jobId: record.jobId });
    return { project, record, engine, findings: findings(list) };
  }

  dispose(): Promise<void> {
    return this.svc.dispose();
  }
}
