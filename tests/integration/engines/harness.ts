import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ChannelName, ChannelResponse, EventName, EventPayload } from '../../../shared/contract';
import type { Diagnostic } from '../../../shared/diagnostics';
import type { Result } from '../../../shared/errors';
import type { JobRecord } from '../../../shared/jobs';
import type { Settings } from '../../../shared/settings';
import { appCaller, openDropped, ROOT, startServices, type TestServices } from '../../support/services';

/** Stand-ins for engines that cannot be built here (labelled as such in each file). */
export const STAND_INS = join(ROOT, 'tests/fixtures/engines');

/** The real services (registry, intake, queue, runner in its sandbox) driven through the router, as a window would. */
export class EngineBench {
  private svc!: TestServices;
  private readonly events: { event: EventName; payload: unknown }[] = [];
  private readonly caller = appCaller('window:engines');
  private readonly dirs: string[] = [];

  async start(settings: Partial<Settings>): Promise<void> {
    this.svc = await startServices(settings);
    this.svc.events.attach(this.caller.clientId, (event, payload) => this.events.push({ event, payload }));
  }

  async stop(): Promise<void> {
    await this.svc?.dispose();
    await Promise.all(this.dirs.map((d) => rm(d, { recursive: true, force: true })));
  }

  async call<C extends ChannelName>(channel: C, payload: unknown): Promise<ChannelResponse<C>> {
    const res = (await this.svc.router.handle(channel, payload, this.caller)) as Result<ChannelResponse<C>>;
    if (!res.ok) throw new Error(`${channel}: ${res.error.code}: ${res.error.message}`);
    return res.value;
  }

  /** A project folder with these files (text or bytes). */
  async project(files: Record<string, string | Buffer>): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'hapyy-engine-project-'));
    this.dirs.push(dir);
    for (const [rel, content] of Object.entries(files)) {
      await mkdir(dirname(join(dir, rel)), { recursive: true });
      await writeFile(join(dir, rel), content);
    }
    return dir;
  }

  /** Submits the tool on the folder and waits for its job:finished event (polled with a deadline). */
  async run(toolId: string, folder: string, ms = 60_000): Promise<{ record: JobRecord; diagnostics: Diagnostic[] }> {
    const opened = await openDropped(this.svc.router, folder, { clientId: this.caller.clientId });
    if (!opened.ok) throw new Error(`open ${folder}: ${opened.error.code}: ${opened.error.message}`);
    const project = opened.value;
    const view = await this.call('jobs:submit', { projectId: project.projectId, toolId });
    const record = await this.waitFor('job:finished', (r) => r.jobId === view.record.jobId, ms);
    const diagnostics = await this.call('jobs:diagnostics', { jobId: record.jobId });
    return { record, diagnostics };
  }

  runDir(jobId: string): string {
    return join(this.svc.dataDir, 'runs', jobId);
  }

  private async waitFor<E extends EventName>(event: E, pred: (p: EventPayload<E>) => boolean, ms: number): Promise<EventPayload<E>> {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const hit = this.events.find((e) => e.event === event && pred(e.payload as EventPayload<E>));
      if (hit) return hit.payload as EventPayload<E>;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no ${event} within ${ms} ms`);
  }
}
