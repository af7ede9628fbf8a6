import type { JobRecord } from '../../shared/jobs';
import type { Engine } from '../../main/services';

/** Opens a folder through intake, submits it to the real queue, and resolves with its finished record. */
export async function runProject(engine: Engine, path: string, toolId: string, clientId = 'test:compare'): Promise<JobRecord> {
  await engine.registry.ready();
  const tool = engine.registry.tools().find((t) => t.id === toolId);
  if (!tool) throw new Error(`no tool ${toolId}`);
  const summary = await engine.projects.openPath(path);
  let jobId: string | null = null;
  const early: JobRecord[] = [];
  let settle: ((r: JobRecord) => void) | null = null;
  const off = engine.queue.on('job:finished', (record) => {
    if (jobId === null) early.push(record);
    else if (record.jobId === jobId) settle?.(record);
  });
  try {
    const finished = new Promise<JobRecord>((resolve) => (settle = resolve));
    const view = await engine.queue.submit({
      clientId,
      toolId,
      toolName: tool.name,
      project: { name: summary.name, source: summary.source, kind: summary.kind },
      priority: 'interactive',
      timeoutSec: 60,
    });
    jobId = view.record.jobId;
    const before = early.find((r) => r.jobId === jobId);
    return before ?? (await finished);
  } finally {
    off();
  }
}
