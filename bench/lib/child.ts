import { resolve } from 'node:path';
import { execa } from 'execa';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Runs a bench script in a fresh Node process (so its memory peak is its own) and parses the JSON it prints last.
 * Bounded: a child that hangs is killed after `timeoutMs`.
 */
export async function runChild<T>(script: string, args: string[], timeoutMs: number): Promise<T> {
  const r = await execa(process.execPath, ['--import', 'tsx', resolve(ROOT, script), ...args], {
    cwd: ROOT,
    timeout: timeoutMs,
    reject: false,
    stdin: 'ignore',
  });
  if (r.exitCode !== 0) throw new Error(`${script} failed (${r.shortMessage}): ${String(r.stderr).slice(-2000)}`);
  const last = String(r.stdout).trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as T;
}
