import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where the parity corpus comes from. Nothing fetched is kept in the repository:
 *  - Debian packages installed by .ci/run (bash-completion, python3-yaml, python3-pip) and Debian's own scripts in
 *    /usr/bin and /usr/sbin. A missing package fails the test with the apt-get line to run.
 *  - npm packages (`npm pack`, exact versions) extracted once into the cache: $HAPYY_PARITY_CACHE, else
 *    ~/.cache/hapyy-parity. Subsets of the Debian files are copied there too, so a case is one folder.
 * "In place" below means that folder, as a user would have it; Hapyy reads it without writing to it.
 */
export const CACHE = process.env.HAPYY_PARITY_CACHE ?? path.join(os.homedir(), '.cache', 'hapyy-parity');

export const NPM_PACKAGES = { rxjs: '7.8.2', zod: '3.25.76' } as const;

/** A Debian path the corpus needs, or a clear failure naming the package to install. */
export function debianPath(p: string, pkg: string): string {
  if (!existsSync(p)) {
    throw new Error(`Parity corpus: ${p} is missing. Install it with \`apt-get install -y ${pkg}\` (listed in .ci/run).`);
  }
  return p;
}

/** An npm package's extracted folder (its `package/`), fetched with `npm pack` the first time. */
export function npmPackage(name: keyof typeof NPM_PACKAGES): string {
  const version = NPM_PACKAGES[name];
  const dir = path.join(CACHE, 'npm', `${name}-${version}`);
  const done = path.join(dir, 'package', 'package.json');
  if (existsSync(done)) return path.join(dir, 'package');
  const tmp = `${dir}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const out = execFileSync('npm', ['pack', `${name}@${version}`, '--silent', '--pack-destination', tmp], { encoding: 'utf8', timeout: 180_000 });
  const tarball = path.join(tmp, out.trim().split('\n').pop() ?? '');
  execFileSync('tar', ['-xzf', tarball, '-C', tmp]);
  rmSync(tarball);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir); // atomic: a half-extracted package is never taken for a whole one
  return path.join(dir, 'package');
}

/** The program a `#!` line names (independent of Hapyy's own detection: this is the test's reference). */
function shebangShell(file: string): string | null {
  let head: string;
  try {
    head = readFileSync(file).subarray(0, 200).toString('latin1');
  } catch {
    return null;
  }
  const m = /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(head);
  if (!m) return null;
  const prog = path.basename(m[1] ?? '');
  return prog === 'env' ? (m[2] ?? null) : prog;
}

/**
 * Debian's own shell scripts from /usr/bin and /usr/sbin (no extension: they are found by their shebang), the first
 * `count` by name, copied into the cache with their modes.
 */
export function debianScripts(count: number): { dir: string; files: string[] } {
  const dir = path.join(CACHE, `debian-scripts-${count}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const bin of ['/usr/bin', '/usr/sbin']) {
    for (const name of readdirSync(bin).sort()) {
      if (files.length >= count) break;
      const from = path.join(bin, name);
      const st = lstatSync(from);
      if (!st.isFile() || st.size > 256 * 1024 || files.includes(name)) continue;
      const shell = shebangShell(from);
      if (shell !== 'sh' && shell !== 'bash') continue;
      copyFileSync(from, path.join(dir, name));
      files.push(name);
    }
  }
  return { dir, files: files.sort() };
}

/** The first line says "shell script" in the Emacs way (bash-completion's own convention). */
function markedAsShell(file: string): boolean {
  const first = readFileSync(file).subarray(0, 200).toString('latin1').split('\n', 1)[0] ?? '';
  return first.includes('-*- shell-script -*-');
}

/**
 * bash-completion's completions whose names start with one of `initials`, plus its main script, as regular files.
 * `files`: those whose first line marks them as shell scripts; `unmarked`: the others (util-linux's completions carry
 * no marker at all — nothing tells a tool they are shell scripts, so they are listed, not expected).
 */
export function bashCompletionSubset(initials: string): { dir: string; files: string[]; unmarked: string[] } {
  const src = debianPath('/usr/share/bash-completion', 'bash-completion');
  const dir = path.join(CACHE, `bash-completion-${initials}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'completions'), { recursive: true });
  const files = ['bash_completion'];
  const unmarked: string[] = [];
  copyFileSync(path.join(src, 'bash_completion'), path.join(dir, 'bash_completion'));
  for (const name of readdirSync(path.join(src, 'completions')).sort()) {
    if (!initials.includes(name[0] ?? '')) continue;
    // copyFile follows links: a completion that is a link to another is a file of its own here, as a user sees it.
    try {
      const to = path.join(dir, 'completions', name);
      copyFileSync(path.join(src, 'completions', name), to);
      (markedAsShell(to) ? files : unmarked).push(`completions/${name}`);
    } catch {
      // a dangling link in the package: nothing to check
    }
  }
  return { dir, files: files.sort(), unmarked };
}

/**
 * Part of an npm package's folder copied into the cache as a project of its own, leaving out the subfolders named in
 * `leaveOut` (relative to `from`).
 */
export function npmSubset(name: keyof typeof NPM_PACKAGES, from: string, leaveOut: string[]): string {
  const src = path.join(npmPackage(name), from);
  const dir = path.join(CACHE, `${name}-${NPM_PACKAGES[name]}-${from.replaceAll('/', '-')}`);
  rmSync(dir, { recursive: true, force: true });
  const skip = new Set(leaveOut.map((p) => path.join(src, p)));
  cpSync(src, dir, { recursive: true, filter: (f) => !skip.has(f) });
  return dir;
}
