import type { Stats } from 'node:fs';
import path from 'node:path';
import type { ProducedFile } from '../../shared/jobs';
import type { FileNode } from '../../shared/results';
import { INPUT_DIR, LOG_FILE, OUTPUT_DIR, lstatTop } from './run-layout';
import { realRunDir } from './safe-path';
import { walkRun, type WalkStart } from './walk';

export const DEFAULT_MAX_NODES = 20_000;

export interface TreeOptions {
  /** At most this many nodes (default 20,000). */
  maxNodes?: number;
  signal?: AbortSignal;
}

export interface TreeListing {
  nodes: FileNode[];
  /** True when the bound cut the listing: some entries exist that are not in `nodes`. */
  truncated: boolean;
}

type Origin = FileNode['origin'];

/**
 * The browsable tree of a run: output/** (origin 'output'), input/** (origin from the produced list, else 'input'), and
 * run.log (origin 'output': the tool's own words). Links are nodes of type 'link' with size 0 and are never followed;
 * folders have size 0.
 *
 * Order: a flat pre-order list (every folder right before its contents), top level `output`, `input`, `run.log`;
 * siblings folders first, then by name. Every node's parent folder is in the list.
 *
 * Bound: the walk is breadth-first and simply stops at maxNodes, so what is cut is the deepest/last part; `truncated`
 * says so (listTree returns only the nodes, as the IPC contract has no field for it yet).
 */
export async function readTree(runDir: string, produced: readonly ProducedFile[], opts: TreeOptions = {}): Promise<TreeListing> {
  const maxNodes = Math.max(0, opts.maxNodes ?? DEFAULT_MAX_NODES);
  const root = await realRunDir(runDir);
  const origins = new Map<string, Origin>(produced.map((p) => [p.path, p.origin]));

  const top: FileNode[] = [];
  const starts: WalkStart[] = [];
  for (const name of [OUTPUT_DIR, INPUT_DIR, LOG_FILE]) {
    const stat = await lstatTop(root, name);
    if (!stat) continue;
    const node = toNode(name, name, stat, name === INPUT_DIR ? 'input' : 'output');
    top.push(node);
    if (name !== LOG_FILE && node.type === 'dir') starts.push({ abs: path.join(root, name), rel: name });
  }
  if (top.length > maxNodes) return { nodes: top.slice(0, maxNodes), truncated: true };

  const children = new Map<string, FileNode[]>();
  let count = top.length;
  const complete = await walkRun(
    starts,
    (entry) => {
      if (count >= maxNodes) return false;
      count += 1;
      const inInput = entry.rel.startsWith(`${INPUT_DIR}/`);
      const origin: Origin = inInput ? (origins.get(entry.rel) ?? 'input') : 'output';
      const node = toNode(entry.rel, entry.name, entry.stat, origin);
      const list = children.get(entry.parent);
      if (list) list.push(node);
      else children.set(entry.parent, [node]);
      return true;
    },
    { signal: opts.signal },
  );
  return { nodes: preOrder(top, children), truncated: !complete };
}

export async function listTree(runDir: string, produced: readonly ProducedFile[], opts: TreeOptions = {}): Promise<FileNode[]> {
  return (await readTree(runDir, produced, opts)).nodes;
}

function toNode(rel: string, name: string, stat: Stats, origin: Origin): FileNode {
  const type: FileNode['type'] = stat.isSymbolicLink() ? 'link' : stat.isDirectory() ? 'dir' : 'file';
  return { path: rel, name, type, size: type === 'file' ? stat.size : 0, origin };
}

/** Children were collected in walk order (already sorted per folder); lay them out depth-first without recursion. */
function preOrder(top: FileNode[], children: Map<string, FileNode[]>): FileNode[] {
  const out: FileNode[] = [];
  const stack = [...top].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as FileNode;
    out.push(node);
    const kids = children.get(node.path);
    if (kids) for (let i = kids.length - 1; i >= 0; i -= 1) stack.push(kids[i] as FileNode);
  }
  return out;
}
