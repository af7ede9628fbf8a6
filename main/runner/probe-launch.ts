import type { SandboxFacilities } from './facilities';
import { buildPolicy, bwrapArgs } from './sandbox';

/** A private /tmp for a version probe: enough for an interpreter's caches, no more. */
const PROBE_TMP_BYTES = 64 * 1024 * 1024;

/**
 * An engine's version probe inside the same sandbox policy as a run: the system and the engine's own folder
 * read-only, only `workDir` (its throwaway HOME and TMPDIR) writable, no network. Unchanged where bwrap cannot run.
 */
export async function planProbe(f: SandboxFacilities, pathVar: string | undefined, command: string, args: string[], workDir: string): Promise<{ file: string; args: string[] }> {
  if (!f.bwrap) return { file: command, args };
  const policy = await buildPolicy({
    platform: f.platform,
    runDirs: [workDir],
    writable: [workDir],
    cwd: workDir,
    command,
    args,
    pathVar,
    tmpfsBytes: f.bwrap.tmpfsSize ? PROBE_TMP_BYTES : null,
  });
  return { file: f.bwrap.path, args: [...bwrapArgs(policy), command, ...args] };
}
