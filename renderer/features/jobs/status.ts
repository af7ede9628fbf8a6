import type { DiagnosticCounts } from '../../../shared/diagnostics';
import type { JobRecord, JobStatus } from '../../../shared/jobs';
import type { IconName } from '../../components/Icon';
import { countOf } from '../../../shared/format';

export type Tone = 'neutral' | 'progress' | 'success' | 'warning' | 'danger';

interface StatusLook {
  label: string;
  icon: IconName;
  tone: Tone;
}

export const STATUS_LOOKS: Record<JobStatus, StatusLook> = {
  queued: { label: 'Waiting', icon: 'clock', tone: 'neutral' },
  running: { label: 'Running', icon: 'play', tone: 'progress' },
  completed: { label: 'Finished', icon: 'check', tone: 'success' },
  problems: { label: 'Found problems', icon: 'warning', tone: 'warning' },
  failed: { label: 'Failed', icon: 'error', tone: 'danger' },
  timeout: { label: 'Timed out', icon: 'clock', tone: 'warning' },
  cancelled: { label: 'Cancelled', icon: 'stop', tone: 'neutral' },
  'output-limit': { label: 'Output limit hit', icon: 'warning', tone: 'warning' },
  'memory-limit': { label: 'Memory limit hit', icon: 'warning', tone: 'warning' },
  'process-limit': { label: 'Process limit hit', icon: 'warning', tone: 'warning' },
  'write-limit': { label: 'Disk write limit hit', icon: 'warning', tone: 'warning' },
  error: { label: 'Could not run', icon: 'error', tone: 'danger' },
  interrupted: { label: 'Interrupted', icon: 'warning', tone: 'warning' },
};

export function problemCount(counts: DiagnosticCounts | null): number {
  return counts ? counts.error + counts.warning + counts.info : 0;
}

export function countsText(counts: DiagnosticCounts): string {
  const parts: string[] = [];
  const add = (n: number, one: string) => {
    if (n > 0) parts.push(countOf(n, one));
  };
  add(counts.error, 'error');
  add(counts.warning, 'warning');
  add(counts.info, 'note');
  return parts.join(', ');
}

/** The result in a few plain words: what a user wants to know first. */
export function headline(record: JobRecord): { title: string; tone: Tone; icon: IconName } {
  const look = STATUS_LOOKS[record.status];
  const problems = problemCount(record.diagnostics);
  if (record.status === 'problems' && problems > 0 && record.diagnostics) {
    return { title: `Found problems: ${countsText(record.diagnostics)}`, tone: record.diagnostics.error > 0 ? 'danger' : 'warning', icon: 'warning' };
  }
  if (record.status === 'completed') return { title: 'Finished — no problems found', tone: 'success', icon: 'check' };
  if (record.status === 'error' && record.engine === null) return { title: 'Tool not installed', tone: 'danger', icon: 'error' };
  if (record.status === 'timeout') return { title: `Timed out after ${record.timeoutSec} s`, tone: 'warning', icon: 'clock' };
  if (record.status === 'failed') return { title: `The tool failed${record.exitCode !== null ? ` (exit code ${record.exitCode})` : ''}`, tone: 'danger', icon: 'error' };
  if (record.status === 'interrupted') return { title: 'Interrupted — Hapyy closed while this was running', tone: 'warning', icon: 'warning' };
  return { title: look.label, tone: look.tone, icon: look.icon };
}
