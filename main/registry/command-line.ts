import { expandArgs, type ArgVars } from './args';
import { spawnLine, type SpawnLine } from './raw-argv';
import type { ResolvedEngine } from './types';

/**
 * What the runner spawns for one run: the engine, its prefix and expanded arguments, every file name byte-exact; and
 * whether the arguments name the report file (then findings are read from it).
 */
export async function commandLine(
  resolved: ResolvedEngine,
  inputDir: string,
  outputDir: string,
  reportFile?: string,
  vars: ArgVars = {},
): Promise<SpawnLine & { reportUsed: boolean }> {
  const { args, reportUsed } = await expandArgs(resolved.engine, inputDir, outputDir, reportFile, vars);
  return { ...spawnLine(resolved.command, [...resolved.argsPrefix, ...args], resolved.engine.kind === 'bundled-node'), reportUsed };
}

/** A sentence for the run's message when some names could not be given to the engine; '' when all were. */
export function unpassableNote(line: SpawnLine): string {
  const n = line.unpassable.length;
  if (n === 0) return '';
  const shown = line.unpassable.slice(0, 5).join(', ');
  const more = n > 5 ? ` and ${n - 5} more` : '';
  return ` ${n} file${n === 1 ? ' was' : 's were'} not checked: ${n === 1 ? 'its name is' : 'their names are'} not valid UTF-8, which this engine cannot open (${shown}${more}).`;
}
