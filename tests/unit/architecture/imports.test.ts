import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The folder layout is the architecture: these checks read every import in main/ and fail when an arrow points the
 * wrong way (DESIGN.md: app → ipc → use cases ← cli; nothing imports app; no folder imports a folder that imports it).
 */
const ROOT = resolve(__dirname, '../../..');
const MAIN = join(ROOT, 'main');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** main/<folder> of a file or of an import target (`../jobs` names the folder itself), or null outside a folder of main/. */
const folderOf = (path: string): string | null => {
  const rel = relative(MAIN, path);
  if (rel.startsWith('..') || rel === '') return null;
  const [first] = rel.split(sep);
  return first && !/\.[cm]?[jt]sx?$/.test(first) ? first : null;
};

/** Folder → folders it imports (relative imports only; static and dynamic). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(MAIN)) {
    const from = folderOf(file);
    if (!from) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from\s+|import\()\s*'(\.[^']+)'/g)) {
      const to = folderOf(resolve(dirname(file), m[1] as string));
      if (!to || to === from) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)?.add(to);
    }
  }
  return graph;
}

function cycles(graph: Map<string, Set<string>>): string[] {
  const found: string[] = [];
  const visit = (node: string, path: string[]) => {
    for (const next of graph.get(node) ?? []) {
      const at = path.indexOf(next);
      if (at >= 0) found.push([...path.slice(at), next].join(' → '));
      else visit(next, [...path, next]);
    }
  };
  for (const node of graph.keys()) visit(node, [node]);
  return [...new Set(found)];
}

describe('import arrows in main/', () => {
  const graph = folderGraph();

  it('has no folder-level cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('the CLI is a client of the use cases, never of the IPC layer; nothing imports the Electron shell', () => {
    expect([...(graph.get('cli') ?? [])]).not.toContain('ipc');
    for (const [from, tos] of graph) if (from !== 'app') expect([...tos], from).not.toContain('app');
  });

  it('the graph is read at all (a check that reads nothing cannot fail)', () => {
    expect(graph.get('ipc')?.has('jobs')).toBe(true);
    expect(graph.get('cli')?.has('jobs')).toBe(true);
  });
});
