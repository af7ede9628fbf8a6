import type { SandboxPolicy } from './policy';

/** The short list a run records: what the sandbox showed of the host beyond the system folders. */
export function describeExposure(p: SandboxPolicy | null): string[] {
  if (!p) return [];
  return [...p.engineFolders.map((f) => `read-only: ${f}`), ...p.writable.map((f) => `writable: ${f}`)];
}
