import { stat } from 'node:fs/promises';
import type { BundledResources } from './index';

export interface MissingResource {
  name: 'examplesDir' | 'tscPath' | 'iconPath' | 'nodeRuntime';
  path: string;
}

async function isKind(path: string, kind: 'file' | 'dir'): Promise<boolean> {
  try {
    const s = await stat(path);
    return kind === 'dir' ? s.isDirectory() : s.isFile();
  } catch {
    return false;
  }
}

/** The resources that are not on disk where they were resolved (empty when the install is whole). */
export async function findMissingResources(resources: BundledResources): Promise<MissingResource[]> {
  const expected: Array<[MissingResource['name'], string, 'file' | 'dir']> = [
    ['examplesDir', resources.examplesDir, 'dir'],
    ['tscPath', resources.tscPath, 'file'],
    ['iconPath', resources.iconPath, 'file'],
    ['nodeRuntime', resources.nodeRuntime.command, 'file'],
  ];
  const missing: MissingResource[] = [];
  for (const [name, path, kind] of expected) {
    if (!(await isKind(path, kind))) missing.push({ name, path });
  }
  return missing;
}
