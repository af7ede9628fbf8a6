import { buildArgs } from './args';
import { spawnLine, type SpawnLine } from './raw-argv';
import type { ResolvedEngine } from './types';

/** What the runner spawns for one run: the engine, its prefix and expanded arguments, every file name byte-exact. */
export async function commandLine(resolved: ResolvedEngine, inputDir: string, outputDir: string): Promise<SpawnLine> {
  const args = [...resolved.argsPrefix, ...(await buildArgs(resolved.engine, inputDir, outputDir))];
  return spawnLine(resolved.command, args, resolved.engine.kind === 'bundled-node');
}

/** A sentence for the run's message when some names could not be given to the engine; '' when all were. */
export function unpassableNote(line: SpawnLine): string {
  const n = line.unpassable.length;
  if (n === 0) return '';
  const shown = line.unpassable.slice(0, 5).join(', ');
  const more = n > 5 ? ` and ${n - 5} more` : '';
  return ` ${n} file${n === 1 ? ' was' : 's were'} not checked: ${n === 1 ? 'its name is' : 'their names are'} not valid UTF-8, which this engine cannot open (${shown}${more}).`;
}
