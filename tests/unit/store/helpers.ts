import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { JobRecord } from '../../../shared/jobs';

/** A fresh temp folder per call, removed after the test. */
export function useTempDirs(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = mkdtempSync(join(tmpdir(), 'hapyy-store-'));
    made.push(d);
    return d;
  };
}

export function record(jobId: string, over: Partial<JobRecord> = {}): JobRecord {
  return {
    jobId,
    clientId: 'c1',
    toolId: 'bash-verification',
    toolName: 'Bash Verification',
    project: { name: 'p', source: '/tmp/p', kind: 'folder' },
    priority: 'interactive',
    status: 'completed',
    engine: null,
    timeoutSec: 60,
    queuedAt: 1_000,
    startedAt: 1_000,
    finishedAt: 2_000,
    durationMs: 1_000,
    exitCode: 0,
    signal: null,
    outputLines: 0,
    outputBytes: 0,
    truncated: false,
    filesProduced: [],
    diagnostics: null,
    peakMemoryBytes: null,
    protections: [],
    message: 'ok',
    systemError: null,
    rerunOf: null,
    notes: [],
    ...over,
  };
}
