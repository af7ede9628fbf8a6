import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findWorkDir } from '../../../main/registry/work-dir';

/** A Rust project's working folder (`workDirWith: 'Cargo.toml'`), found in real folders. */
describe('findWorkDir', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const tree = (files: string[]): string => {
    const root = mkdtempSync(join(tmpdir(), 'hapyy-workdir-'));
    dirs.push(root);
    for (const f of files) {
      mkdirSync(join(root, f, '..'), { recursive: true });
      writeFileSync(join(root, f), '');
    }
    return root;
  };

  it('is the shallowest folder holding the file, ties broken by name', async () => {
    const root = tree(['b/Cargo.toml', 'a/Cargo.toml', 'a/deep/x/Cargo.toml', 'README.md']);
    expect(await findWorkDir(root, 'Cargo.toml')).toBe(join(root, 'a'));
  });

  it('does not look in node_modules, .git or target, and is null when nothing else holds it', async () => {
    const root = tree(['node_modules/x/Cargo.toml', '.git/Cargo.toml', 'target/Cargo.toml', 'src/main.rs']);
    expect(await findWorkDir(root, 'Cargo.toml')).toBeNull();
    writeFileSync(join(root, 'Cargo.toml'), '');
    expect(await findWorkDir(root, 'Cargo.toml')).toBe(root);
  });
});
