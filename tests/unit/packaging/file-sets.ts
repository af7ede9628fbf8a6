import { copyFile, mkdir, stat } from 'node:fs/promises';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { fdir } from 'fdir';
import { Minimatch } from 'minimatch';
import type { BuilderConfig, ExtraResource } from './builder-config';

/**
 * What electron-builder would copy for `files` (into app.asar) and `extraResources` (into resources/), computed
 * from electron-builder.yml without running electron-builder. Mirrors app-builder-lib 26:
 * out/fileMatcher.js (pattern normalisation, default excludes) and out/util/filter.js (minimatchAll).
 * minimatch is the copy app-builder-lib depends on (transitive: not in our package.json).
 */

export interface PackagedFile {
  /** Absolute source path. */
  source: string;
  /** Destination, `/`-separated, relative to the asar root (files) or to the resources folder (extraResources). */
  dest: string;
}

const MATCH_OPTIONS = { dot: true };
const SKIPPED_NAMES = new Set(['.DS_Store', '.gitkeep']);

/** Like FileMatcher.computeParsedPatterns: `./x` → `x`; a plain name (no dot, no glob) also means everything under it. */
function parsePatterns(patterns: readonly string[]): Minimatch[] {
  const parsed: Minimatch[] = [];
  for (const raw of patterns) {
    const pattern = posix.normalize((raw.startsWith('./') ? raw.slice(2) : raw).replace(/\\/g, '/'));
    const m = new Minimatch(pattern, MATCH_OPTIONS);
    parsed.push(m);
    const magic = m.set.length > 1 || (m.set[0] ?? []).some((part) => typeof part !== 'string');
    if (!pattern.includes('.') && !magic) parsed.push(new Minimatch(`${pattern}/**/*`, MATCH_OPTIONS));
  }
  return parsed;
}

/** filter.js minimatchAll: later patterns win; a directory is kept while it may still contain a match. */
function matchesAll(path: string, patterns: readonly Minimatch[], isDir: boolean): boolean {
  let match = false;
  for (const p of patterns) {
    if (match !== p.negate) continue;
    match = p.match(path, isDir && !p.negate);
  }
  return match;
}

/** Files under `fromDir` selected by `patterns` (relative to fromDir), as `/`-separated relative paths. */
export async function matchTree(fromDir: string, patterns: readonly string[]): Promise<string[]> {
  const onlyExcludes = patterns.every((p) => p.startsWith('!'));
  const parsed = parsePatterns(onlyExcludes ? ['**/*', ...patterns] : patterns);
  const rel = (p: string) => relative(fromDir, p).split(sep).join('/');
  const dirKept = (dirPath: string) => {
    const r = rel(dirPath);
    // filter.js: the root node_modules is never walked by the file matcher (dependencies are collected separately).
    return r !== 'node_modules' && matchesAll(r, parsed, true);
  };
  const fileKept = (path: string) => {
    const r = path.split(sep).join('/');
    // builder-util's walk drops these everywhere, whatever the patterns say.
    return !SKIPPED_NAMES.has(posix.basename(r)) && matchesAll(r, parsed, false);
  };
  const files = await new fdir()
    .withRelativePaths()
    .exclude((_name, dirPath) => !dirKept(dirPath))
    .filter((path, isDir) => isDir || fileKept(path))
    .crawl(fromDir)
    .withPromise();
  return files.map((f) => f.split(sep).join('/')).sort();
}

// fileMatcher.js excludedNames / excludedExts, added by electron-builder to every `files` set.
const EXCLUDED_NAMES =
  '.git,.hg,.svn,CVS,RCS,SCCS,__pycache__,.DS_Store,thumbs.db,.gitignore,.gitkeep,.gitattributes,.npmignore,' +
  '.idea,.vs,.flowconfig,.jshintrc,.eslintrc,.circleci,.yarn-integrity,.yarn-metadata.json,yarn-error.log,yarn.lock,' +
  'package-lock.json,npm-debug.log,pnpm-lock.yaml,bun.lock,bun.lockb,appveyor.yml,.travis.yml,circle.yml,.nyc_output,' +
  '.husky,.github,electron-builder.env';
const EXCLUDED_EXTS = 'iml,hprof,orig,pyc,pyo,rbc,swp,csproj,sln,suo,xproj,cc,d.ts,mk,a,o,obj,forge-meta,pdb';

/** The `files` patterns after electron-builder adds its defaults (getMainFileMatchers + getFileMatchers). */
export function mainFilePatterns(config: BuilderConfig): string[] {
  const patterns = [...config.files];
  const hasInclude = patterns.some((p) => !p.startsWith('!'));
  if (hasInclude && !patterns.includes('package.json')) patterns.push('package.json');
  const first = [
    ...(hasInclude ? [] : ['**/*']),
    '!**/node_modules/**',
    `!${config.directories.buildResources}{,/**/*}`,
    `!${config.directories.output}{,/**/*}`,
  ];
  // Defaults go after the last pattern starting with `**/` (a user's catch-all), else first.
  let insertAt = 0;
  for (let i = patterns.length - 1; i >= 0; i--) {
    if (patterns[i]?.startsWith('**/')) {
      insertAt = i + 1;
      break;
    }
  }
  patterns.splice(insertAt, 0, ...first);
  patterns.push(
    `!**/*.{${EXCLUDED_EXTS}}`,
    '!**/._*',
    '!**/electron-builder.{yaml,yml,json,json5,toml,ts}',
    `!**/{${EXCLUDED_NAMES}}`,
    '!.yarn{,/**/*}',
    '!.editorconfig',
    '!.yarnrc.yml',
    `!${config.directories.output}/*-unpacked{,/**/*}`,
  );
  return patterns;
}

/** The app's own files inside app.asar (not the node_modules electron-builder adds from `dependencies`). */
export async function listAppFiles(projectDir: string, config: BuilderConfig): Promise<PackagedFile[]> {
  const files = await matchTree(projectDir, mainFilePatterns(config));
  return files.map((f) => ({ source: join(projectDir, f), dest: f }));
}

async function listExtraResource(projectDir: string, set: ExtraResource): Promise<PackagedFile[]> {
  const from = resolve(projectDir, set.from);
  const to = posix.normalize(set.to.replace(/\\/g, '/'));
  const info = await stat(from).catch(() => null);
  // electron-builder warns "file source doesn't exist" and carries on; the tests then find the file missing.
  if (info === null) return [];
  if (info.isFile()) return [{ source: from, dest: to }];
  const files = await matchTree(from, set.filter ?? []);
  return files.map((f) => ({ source: join(from, f), dest: posix.join(to, f) }));
}

/** Everything `extraResources` puts next to app.asar, by destination relative to the resources folder. */
export async function listExtraResources(projectDir: string, config: BuilderConfig): Promise<PackagedFile[]> {
  const sets = await Promise.all(config.extraResources.map((set) => listExtraResource(projectDir, set)));
  return sets.flat();
}

/** Copies listed files into `destDir` (a simulated resources/ or app folder), keeping the executable bit. */
export async function stageFiles(files: readonly PackagedFile[], destDir: string): Promise<void> {
  for (const f of files) {
    const target = join(destDir, ...f.dest.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await copyFile(f.source, target);
  }
}
