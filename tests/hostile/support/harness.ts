import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChannelName, ChannelRequest, ChannelResponse, EventName, EventPayload } from '../../../shared/contract';
import type { Result } from '../../../shared/errors';
import type { JobRecord } from '../../../shared/jobs';
import type { z } from 'zod';
import type { Settings, SettingsSchema } from '../../../shared/settings';
import type { Desktop } from '../../../main/ipc/services';
import type { ProjectSummary } from '../../../shared/projects';
import { appCaller, openDropped, startServices, type TestServices } from '../../support/services';

export const TOOLS_DIR = path.resolve(import.meta.dirname, '../tools');
export const tool = (name: string): string => path.join(TOOLS_DIR, name);
export const BASH = '/bin/bash';
export const NODE = process.execPath;

/** A custom tool entry for the settings (shared/tools.ts CustomToolSchema). */
export function customTool(id: string, command: string, args: string[], timeoutSec = 30) {
  return { id, name: id, category: 'linter', sourceLanguage: 'bash', command, args, timeoutSec } as const;
}

/** A unique string a hostile tool carries in its command line (and passes to its children), to find it in /proc. */
export const newMarker = (what: string): string => `hostile-${what}-${randomUUID().slice(0, 8)}`;

export interface CallError extends Error {
  code: string;
  details: Record<string, unknown> | undefined;
}

export interface EventLog {
  events: { event: EventName; payload: unknown }[];
  detach(): void;
}

/** The real services, driven only through the real router, plus what a hostile test needs around them. */
export class HostileApp {
  private readonly finishedJobs = new Map<string, JobRecord>();
  private readonly waiters = new Map<string, (r: JobRecord) => void>();
  private readonly detachers: (() => void)[] = [];

  private constructor(readonly svc: TestServices) {
    svc.engine.queue.on('job:finished', (record) => {
      this.finishedJobs.set(record.jobId, record);
      this.waiters.get(record.jobId)?.(record);
    });
  }

  /** Settings as a settings file would hold them: partial, defaults filled in by the schema. */
  static async start(settings: z.input<typeof SettingsSchema> = {}, desktop?: Partial<Desktop>): Promise<HostileApp> {
    const app = new HostileApp(await startServices(settings as Partial<Settings>, desktop));
    await app.svc.engine.registry.ready();
    return app;
  }

  /** One router call; the raw Result, exactly as a window would get it. */
  raw(channel: unknown, payload: unknown, clientId = 'window:1'): Promise<Result<unknown>> {
    return this.svc.router.handle(channel, payload, appCaller(clientId));
  }

  /** One router call that must succeed; a failure throws with its code. */
  async call<C extends ChannelName>(channel: C, payload: ChannelRequest<C>, clientId = 'window:1'): Promise<ChannelResponse<C>> {
    const res = await this.raw(channel, payload, clientId);
    if (!res.ok) {
      throw Object.assign(new Error(`${channel}: ${res.error.code}: ${res.error.message}`), { code: res.error.code, details: res.error.details });
    }
    return res.value as ChannelResponse<C>;
  }

  /** Opens a project as a drop on that window would (support/services.ts openDropped); the raw Result. */
  openRaw(path: string, clientId = 'window:1', scanId?: string): Promise<Result<ProjectSummary>> {
    return openDropped(this.svc.router, path, { clientId, ...(scanId === undefined ? {} : { scanId }) });
  }

  /** Opens a project as a drop on that window would; a failure throws with its code. */
  async open(path: string, clientId = 'window:1'): Promise<ProjectSummary> {
    const res = await this.openRaw(path, clientId);
    if (!res.ok) throw Object.assign(new Error(`open ${path}: ${res.error.code}: ${res.error.message}`), { code: res.error.code, details: res.error.details });
    return res.value;
  }

  /** Makes `clientId` a live window (as the Electron adapter does for each window) and records what it receives. */
  attach(clientId: string): EventLog {
    const events: EventLog['events'] = [];
    const detach = this.svc.events.attach(clientId, <E extends EventName>(event: E, payload: EventPayload<E>) => {
      events.push({ event, payload });
    });
    this.detachers.push(detach);
    return { events, detach };
  }

  finished(jobId: string, timeoutMs = 50_000): Promise<JobRecord> {
    const done = this.finishedJobs.get(jobId);
    if (done) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`job ${jobId} did not finish within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.set(jobId, (r) => {
        clearTimeout(timer);
        this.waiters.delete(jobId);
        resolve(r);
      });
    });
  }

  /** Submits through the router and waits for the job's end. */
  async run(projectId: string, toolId: string, clientId = 'window:1'): Promise<JobRecord> {
    const view = await this.call('jobs:submit', { projectId, toolId }, clientId);
    return this.finished(view.record.jobId);
  }

  runDir(jobId: string): string {
    return this.svc.engine.runs.runDir(jobId);
  }

  async dispose(): Promise<void> {
    for (const d of this.detachers.splice(0)) d();
    await this.svc.dispose();
  }
}

export interface TempDir {
  path: string;
  remove(): Promise<void>;
}

export async function tempDir(prefix: string): Promise<TempDir> {
  const dir = await mkdtemp(path.join(tmpdir(), `hapyy-hostile-${prefix}-`));
  return { path: dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A small, ordinary user project: what a hostile tool is run on. */
export async function makeProject(parent: string, name = 'project'): Promise<string> {
  const root = path.join(parent, name);
  await mkdir(path.join(root, 'lib'), { recursive: true });
  await writeFile(path.join(root, 'main.sh'), '#!/bin/sh\necho hello\n');
  await writeFile(path.join(root, 'lib', 'util.sh'), 'greet() { echo "hi $1"; }\n');
  await writeFile(path.join(root, 'README.md'), '# A project\n');
  return root;
}

/** The text of every output line a finished job kept, through the router. */
export async function outputText(app: HostileApp, jobId: string, clientId = 'window:1'): Promise<string> {
  const detail = await app.call('jobs:get', { jobId }, clientId);
  return detail.output.map((l) => l.text).join('\n');
}
