import type { Settings } from '../../shared/settings';

/** A custom tool entry as far as what it runs: raw settings entries are unknown until each is parsed. */
function runs(entry: unknown): { id: string; name: string; line: string } | null {
  if (typeof entry !== 'object' || entry === null) return null;
  const e = entry as { id?: unknown; name?: unknown; command?: unknown; args?: unknown };
  if (typeof e.id !== 'string' || typeof e.command !== 'string') return null;
  const args = Array.isArray(e.args) ? e.args.filter((a): a is string => typeof a === 'string') : [];
  return { id: e.id, name: typeof e.name === 'string' ? e.name : e.id, line: [e.command, ...args].join(' ') };
}

/**
 * What a settings change would do that lowers protection or runs a program the user has not approved: each as one
 * sentence naming exactly what will run. Empty when the change needs no confirmation. The window may propose such a
 * change; only the user, in a dialog main shows, can make it take effect.
 */
export function protectionChanges(prev: Settings, next: Settings): string[] {
  const changes: string[] = [];
  if (prev.sandbox && !next.sandbox) {
    changes.push('Turn the sandbox off: tools will run with network access and can read and write wherever your user can.');
  }
  const before = new Map(prev.customTools.map(runs).flatMap((t) => (t ? [[t.id, t.line] as const] : [])));
  for (const tool of next.customTools.map(runs)) {
    if (tool && before.get(tool.id) !== tool.line) changes.push(`Run “${tool.line}” as the tool “${tool.name}”.`);
  }
  for (const [toolId, path] of Object.entries(next.enginePaths)) {
    if (path && prev.enginePaths[toolId] !== path) changes.push(`Use “${path}” as the engine for ${toolId}.`);
  }
  return changes;
}
