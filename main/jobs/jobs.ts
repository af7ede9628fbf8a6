import { AppError } from '../../shared/errors';
import type { Diagnostic } from '../../shared/diagnostics';
import type { JobRecord, JobView, Priority, QueueStatus } from '../../shared/jobs';
import type { JobDetail } from '../../shared/contract';
import type { ToolDef } from '../../shared/tools';
import { readDiagnostics } from '../registry';
import type { Engine } from '../services/engine';
import { timeLimitFor, type TimeLimit } from '../registry/time-limit';

/**
 * Who is asking: an app window or one CLI invocation. `canSee` is the one access rule for other clients' jobs
 * (the IPC layer passes its EventHub's; the CLI sees every run in its data folder).
 */
export interface Client {
  clientId: string;
  canSee(owner: string): boolean;
}

export interface SubmitRequest {
  projectId: string;
  toolId: string;
  priority?: Priority;
  timeoutSec?: number;
}

/**
 * What a client can do with jobs, once, for the window (through IPC) and the CLI alike: the job spec, the time-limit
 * policy and the access rule live here and nowhere else.
 */
export class Jobs {
  constructor(private readonly engine: Engine) {}

  /** The tool by id, or a not-found error that names it. */
  tool(toolId: string): ToolDef {
    const tool = this.engine.registry.tools().find((t) => t.id === toolId);
    if (!tool) throw new AppError('not-found', `There is no tool called “${toolId}”.`);
    return tool;
  }

  timeLimit(toolId: string, requested?: number): TimeLimit {
    return timeLimitFor(this.tool(toolId).execution, this.engine.settings.current().tools[toolId]?.timeoutSec, requested);
  }

  async submit(client: Client, req: SubmitRequest): Promise<JobView> {
    const project = this.engine.projects.get(req.projectId, client.clientId);
    const tool = this.tool(req.toolId);
    return this.engine.queue.submit({
      clientId: client.clientId,
      toolId: tool.id,
      toolName: tool.name,
      project: { name: project.summary.name, source: project.summary.source, kind: project.summary.kind },
      // A person at a window goes before batches (the CLI submits with 'batch').
      priority: req.priority ?? 'interactive',
      timeoutSec: this.timeLimit(tool.id, req.timeoutSec).sec,
    });
  }

  /** The record, if it exists and the client may see it. */
  record(client: Client, jobId: string): JobRecord {
    const record = this.engine.queue.find(jobId);
    if (!record) throw new AppError('not-found', 'That job does not exist (it may have been deleted).');
    if (!client.canSee(record.clientId)) throw new AppError('forbidden');
    return record;
  }

  cancel(client: Client, jobId: string): Promise<JobRecord> {
    this.record(client, jobId);
    return this.engine.queue.cancel(jobId);
  }

  get(client: Client, jobId: string): Promise<JobDetail> {
    this.record(client, jobId);
    return this.engine.queue.get(jobId);
  }

  list(client: Client): JobRecord[] {
    return this.engine.queue.list().filter((r) => client.canSee(r.clientId));
  }

  diagnostics(client: Client, jobId: string): Promise<Diagnostic[]> {
    this.record(client, jobId);
    return readDiagnostics(this.engine.runs.runDir(jobId));
  }

  rerun(client: Client, jobId: string): Promise<JobView> {
    this.record(client, jobId);
    return this.engine.queue.rerun(jobId, client.clientId);
  }

  async delete(client: Client, jobId: string): Promise<void> {
    this.record(client, jobId);
    await this.engine.queue.delete(jobId);
  }

  /** Only what this client may see: another live window's runs are not its to delete. */
  clearHistory(client: Client): Promise<number> {
    return this.engine.queue.clearHistory((r) => client.canSee(r.clientId));
  }

  /** The queue as this client may see it: its own jobs and those of clients that are gone. */
  status(client: Client): QueueStatus {
    const status = this.engine.queue.status();
    return { ...status, jobs: status.jobs.filter((j) => client.canSee(j.record.clientId)) };
  }
}
