import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyProject, diffManifest, openProject, scanDir } from '../../../main/intake';
import { limits, treeChecksum, useTmp, writeTree } from './helpers';

const bytesPath = (dir: string, ...parts: (string | number[])[]): Buffer =>
  Buffer.concat([Buffer.from(dir), ...parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p)))]);

describe.runIf(process.platform === 'linux')('names that do not travel', () => {
  const tmp = useTmp();

  it('reports names with a newline, invalid UTF-8 bytes or Windows trouble, and copies them faithfully', async () => {
    const base = tmp();
    const root = path.join(base, 'proj');
    writeTree(root, { 'line\nbreak.py': 'a = 1\n', 'CON.txt': 'con', 'trailing.': 'dot', 'a:b.py': 'colon', 'fine.py': 'ok' });
    writeFileSync(bytesPath(root, '/caf', [0xe9], '.py'), 'b = 2\n');
    // Two names that differ only in their invalid bytes: both U+FFFD for display, still two files.
    writeFileSync(bytesPath(root, '/x', [0xfe]), 'fe');
    writeFileSync(bytesPath(root, '/x', [0xff]), 'ff');
    mkdirSync(bytesPath(root, '/dir', [0xff]));
    writeFileSync(bytesPath(root, '/dir', [0xff], '/inner.sh'), 'echo inner\n');
    const before = treeChecksum(root);

    const project = await openProject(root, { limits: limits(), stagingDir: path.join(base, 'st') });
    const s = project.summary;
    expect([...s.nonPortableNames].sort()).toEqual(
      ['line\nbreak.py', 'CON.txt', 'trailing.', 'a:b.py', 'caf\uFFFD.py', 'x\uFFFD', 'x\uFFFD', 'dir\uFFFD'].sort(),
    );
    expect(s.warnings).toContain('8 file names may not work on Windows.');
    expect(s.files).toBe(9);
    const raw = project.manifest.files.filter((f) => f.rawPath !== undefined).map((f) => Buffer.from(f.rawPath as string, 'base64'));
    expect(raw.map((b) => b.toString('hex')).sort()).toEqual(
      [Buffer.from('caf\xe9.py', 'latin1'), Buffer.from('x\xfe', 'latin1'), Buffer.from('x\xff', 'latin1'), Buffer.from('dir\xff/inner.sh', 'latin1')]
        .map((b) => b.toString('hex'))
        .sort(),
    );

    const input = path.join(base, 'run', 'input');
    const copied = await copyProject(project, input);
    expect(copied.files).toHaveLength(9);
    // Same paths (exact bytes), modes and contents on both sides.
    expect(treeChecksum(input)).toBe(before);
    expect(treeChecksum(root)).toBe(before);
    expect(readFileSync(bytesPath(input, '/x', [0xff]), 'utf8')).toBe('ff');
    expect(readdirSync(input, { encoding: 'buffer' }).some((n) => n.equals(Buffer.from('caf\xe9.py', 'latin1')))).toBe(true);

    // scanDir keys such names by their bytes too, so a change to one is not mistaken for the other.
    writeFileSync(bytesPath(input, '/x', [0xfe]), 'changed');
    writeFileSync(bytesPath(input, '/new', [0xfa]), 'new');
    const after = await scanDir(input);
    const diff = diffManifest(copied, after);
    expect(diff.added.map((e) => Buffer.from(e.rawPath ?? '', 'base64').toString('hex'))).toEqual([Buffer.from('new\xfa', 'latin1').toString('hex')]);
    expect(diff.changed.map((e) => Buffer.from(e.rawPath ?? '', 'base64').toString('hex'))).toEqual([Buffer.from('x\xfe', 'latin1').toString('hex')]);
  });
});
