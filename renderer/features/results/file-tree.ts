import type { FileNode } from '../../../shared/results';

export interface TreeDir {
  name: string;
  /** Run-relative path of this folder. */
  path: string;
  dirs: TreeDir[];
  files: FileNode[];
  /** Files anywhere below. */
  count: number;
}

export interface TreeGroups {
  outputs: TreeDir;
  changed: TreeDir;
  inputs: TreeDir;
}

/**
 * Splits the run's files into what the tool produced (output/), what it added or changed in its copy of the
 * project, and the untouched inputs, each as a folder tree. Paths keep their run-relative form for requests.
 */
export function buildTreeGroups(nodes: readonly FileNode[]): TreeGroups {
  const groups: TreeGroups = {
    outputs: emptyDir('Output', 'output'),
    changed: emptyDir('Changed in the project copy', 'input'),
    inputs: emptyDir('Inputs', 'input'),
  };
  for (const node of nodes) {
    if (node.type === 'dir') continue; // folders come from their files' paths
    const group = node.origin === 'output' ? groups.outputs : node.origin === 'input' ? groups.inputs : groups.changed;
    insert(group, node);
  }
  for (const g of Object.values(groups)) sortDir(g);
  return groups;
}

function emptyDir(name: string, path: string): TreeDir {
  return { name, path, dirs: [], files: [], count: 0 };
}

function insert(root: TreeDir, node: FileNode): void {
  const parts = node.path.split('/').filter(Boolean);
  // The first segment is the run folder's own (output/ or input/), already named by the group.
  const inner = parts[0] === root.path ? parts.slice(1) : parts;
  let dir = root;
  dir.count += 1;
  let path = parts[0] === root.path ? root.path : '';
  for (const name of inner.slice(0, -1)) {
    path = path ? `${path}/${name}` : name;
    let next = dir.dirs.find((d) => d.name === name);
    if (!next) {
      next = emptyDir(name, path);
      dir.dirs.push(next);
    }
    dir = next;
    dir.count += 1;
  }
  dir.files.push(node);
}

function sortDir(dir: TreeDir): void {
  dir.dirs.sort((a, b) => a.name.localeCompare(b.name));
  dir.files.sort((a, b) => a.name.localeCompare(b.name));
  for (const d of dir.dirs) sortDir(d);
}
