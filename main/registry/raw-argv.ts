import { randomBytes } from 'node:crypto';
import type { Arg } from './args';

export interface SpawnLine {
  command: string;
  args: string[];
  /** File names (lossy text) that could not be given to the engine exactly; the run says which. */
  unpassable: string[];
}

/** The shell that rebuilds byte-exact arguments; POSIX guarantees it, and only Linux has non-UTF-8 names. */
export const POSIX_SH = '/bin/sh';

const SAFE = /^[A-Za-z0-9._/+-]$/;

/** `printf %b` text inside single quotes that prints exactly these bytes (octal escapes for all but the safe ones). */
function printfLiteral(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    out += b < 0x80 && SAFE.test(ch) ? ch : `\\0${b.toString(8).padStart(3, '0')}`;
  }
  return out;
}

/**
 * A command line Node can spawn that still gives the engine every argument byte for byte.
 *
 * Node encodes every argument as UTF-8, so a name like `caf\xE9.sh` cannot be passed directly. When one is present,
 * the line becomes `/bin/sh -c SCRIPT sh COMMAND ARGS…` where each such name is a placeholder token that the script
 * swaps for the exact bytes (`printf %b` with octal escapes), then `exec`s the engine — same pid, same exit code,
 * argument order kept. Hand-written because no spawn API in Node takes raw bytes.
 *
 * `nodeEngine`: the engine is a Node script, which decodes its argv as UTF-8 anyway — such names cannot reach it,
 * so they are left out and listed in `unpassable`.
 */
export function spawnLine(command: string, args: readonly Arg[], nodeEngine: boolean): SpawnLine {
  const raw = args.filter((a): a is Buffer => typeof a !== 'string');
  if (raw.length === 0) return { command, args: args as string[], unpassable: [] };
  const unpassable = raw.map((b) => b.toString('utf8'));
  if (nodeEngine) return { command, args: args.filter((a): a is string => typeof a === 'string'), unpassable };

  const nonce = randomBytes(8).toString('hex');
  const token = (i: number) => `@hapyy-raw-${nonce}-${i}@`;
  let i = 0;
  const cases: string[] = [];
  const positional = args.map((a) => {
    if (typeof a === 'string') return a;
    const t = token(i);
    // The trailing `_` survives $(…), which would strip a name's trailing newlines.
    cases.push(`${t}) a=$(printf '%b_' '${printfLiteral(a)}'); a=\${a%_};;`);
    i += 1;
    return t;
  });
  // Rotates "$@" once: each argument is shifted off the front and appended (rebuilt if it is a placeholder).
  const script = `for a do shift; case $a in ${cases.join(' ')} esac; set -- "$@" "$a"; done; exec "$@"`;
  return { command: POSIX_SH, args: ['-c', script, 'sh', command, ...positional], unpassable: [] };
}
