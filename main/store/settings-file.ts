import type { Notice } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { DEFAULT_SETTINGS, MAX_SETTINGS_BYTES, type Settings, SettingsSchema } from '../../shared/settings';
import { writeFileAtomic } from './atomic-write';
import { keepCorruptBackup } from './backup';
import { damagedNotice } from './json-file-store';
import { readJsonFile } from './read-json';
import { describeProblems, type FieldProblem, fieldName, problemsOf } from './zod-issues';

export interface LoadedSettings {
  settings: Settings;
  problems: FieldProblem[];
  notices: Notice[];
}

/** Enough rounds to strip every bad field of any realistic file; each round removes at least one. */
const MAX_REPAIR_ROUNDS = 200;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Settings for the app and the CLI. Every valid part is kept; each invalid part falls back to its default and is
 * reported (field and reason). When anything was wrong, the original file is kept as a backup and the repaired
 * settings are written in its place so the next start is clean (`rewrite: false`, for read-only callers, skips both).
 */
export async function loadSettings(
  path: string,
  opts: { now?: () => number; rewrite?: boolean } = {},
): Promise<LoadedSettings> {
  const now = opts.now ?? Date.now;
  const read = await readJsonFile(path, MAX_SETTINGS_BYTES);
  if (read.kind === 'missing') return { settings: DEFAULT_SETTINGS, problems: [], notices: [] };
  if (read.kind === 'bad' || !isObject(read.value)) {
    const reason = read.kind === 'bad' ? read.reason : 'expected an object';
    return {
      settings: DEFAULT_SETTINGS,
      problems: [{ field: '(file)', message: reason }],
      notices: [await damagedNotice(path, reason, now())],
    };
  }
  const { settings, problems } = repairSettings(read.value);
  if (problems.length === 0) return { settings, problems, notices: [] };

  const list = describeProblems(problems);
  if (opts.rewrite === false) {
    return { settings, problems, notices: [{ level: 'warning', message: `Some settings were not valid and use their defaults (${list}).` }] };
  }
  // Copy, then replace atomically: the file is never absent, so a failed rewrite loses nothing.
  const kept = await keepCorruptBackup(path, now(), 'copy');
  let where = kept.backup ? `the original was kept at ${kept.backup}` : `the original could not be backed up (${kept.error})`;
  if (kept.backup) {
    const failed = await writeFileAtomic(path, `${JSON.stringify(settings, null, 2)}\n`).then(() => null, (e: Error) => e.message);
    if (failed) where += `; the repaired settings could not be saved (${failed})`;
  }
  const message = `Some settings were not valid and use their defaults (${list}); ${where}.`;
  return { settings, problems, notices: [{ level: 'warning', message }] };
}

/** Removes each invalid field (deepest first) until the rest parses; defaults then fill the gaps. */
export function repairSettings(input: Json): { settings: Settings; problems: FieldProblem[] } {
  const raw = structuredClone(input);
  const problems: FieldProblem[] = [];
  for (let round = 0; round < MAX_REPAIR_ROUNDS; round += 1) {
    const parsed = SettingsSchema.safeParse(raw);
    if (parsed.success) return { settings: parsed.data, problems };
    let changed = false;
    for (const issue of parsed.error.issues) {
      const bad: [readonly PropertyKey[], string][] =
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((k) => [[...issue.path, k], 'unknown setting'])
          : [[issue.path, issue.message]];
      for (const [p, message] of bad) {
        if (!deleteAt(raw, p)) continue;
        changed = true;
        problems.push({ field: fieldName(p), message });
      }
    }
    if (!changed) break;
  }
  return { settings: DEFAULT_SETTINGS, problems: [...problems, { field: '(file)', message: 'could not be repaired' }] };
}

/** Deletes the value at `path`, or at the nearest existing ancestor when the path ends inside a non-object. */
function deleteAt(root: Json, path: readonly PropertyKey[]): boolean {
  if (path.length === 0) {
    const keys = Object.keys(root);
    for (const k of keys) delete root[k];
    return keys.length > 0;
  }
  let node: unknown = root;
  for (let i = 0; i < path.length - 1; i += 1) {
    const next: unknown = isObject(node) || Array.isArray(node) ? (node as Json)[String(path[i])] : undefined;
    if (!isObject(next) && !Array.isArray(next)) return deleteAt(root, path.slice(0, i + 1));
    node = next;
  }
  const last = String(path[path.length - 1]);
  if (Array.isArray(node)) {
    // Arrays: dropping one element would shift the rest; fall back to the whole array.
    return deleteAt(root, path.slice(0, -1));
  }
  if (!isObject(node) || !(last in node)) return false;
  delete node[last];
  return true;
}

/** The CLI's --config: all or nothing, with the first bad field named. */
export function parseSettingsStrict(json: unknown): Settings {
  const parsed = SettingsSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = problemsOf(parsed.error);
  throw new AppError('invalid-input', `The settings are not valid: ${describeProblems(problems)}`, { problems });
}
