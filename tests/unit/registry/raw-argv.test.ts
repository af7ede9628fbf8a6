import { writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnLine } from '../../../main/registry/raw-argv';
import { removeDir, tempDir } from './helpers';

describe('spawnLine: byte-exact arguments through /bin/sh', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir('hapyy-rawargv-');
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  it('leaves an all-UTF-8 command line alone', () => {
    expect(spawnLine('/usr/bin/shellcheck', ['-x', 'a.sh', 'é.sh'], false)).toEqual({
      command: '/usr/bin/shellcheck',
      args: ['-x', 'a.sh', 'é.sh'],
      unpassable: [],
    });
  });

  it('hands the engine every byte of a non-UTF-8 name, in order, with quotes, spaces and a trailing newline', async () => {
    const names = [Buffer.from('caf\xe9.sh', 'latin1'), Buffer.from("it's a \xff$(x)\n", 'latin1')];
    const line = spawnLine('/bin/sh', ['-c', 'for a do printf "%s" "$a" | od -An -tx1 | tr -d " \\n"; echo; done', 'sh', 'first', names[0] as Buffer, 'mid', names[1] as Buffer], false);
    expect(line.command).toBe('/bin/sh');
    const r = await execa(line.command, line.args, { encoding: 'utf8', stripFinalNewline: false });
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(['first', names[0], 'mid', names[1]].map((x) => Buffer.from(x as string | Buffer).toString('hex')));
  });

  it('lets ShellCheck open a file named caf\\xE9.sh (the name Node would have garbled)', async () => {
    const name = Buffer.from('caf\xe9.sh', 'latin1');
    await writeFile(Buffer.concat([Buffer.from(`${dir}/`), name]), 'echo $1\n');
    // json1: ShellCheck's own gcc/tty formats cannot print such a name (hPutChar), in place as here.
    const line = spawnLine('shellcheck', ['-f', 'json1', name], false);
    const r = await execa(line.command, line.args, { cwd: dir, reject: false, env: { LANG: 'C.UTF-8' } });
    const found = (JSON.parse(r.stdout) as { comments: { code: number; line: number }[] }).comments;
    expect(found.map((c) => [c.code, c.line])).toEqual([[2148, 1], [2086, 1]]); // no shebang; unquoted $1
    expect(r.stdout).not.toContain('does not exist');
    expect(r.exitCode).toBe(1); // ShellCheck's own code for "found problems", passed through exec
  });

  it('leaves such names out for a Node engine (Node decodes argv as UTF-8) and says which', () => {
    const line = spawnLine(process.execPath, ['tsc.js', 'a.ts', Buffer.from('b\xe9.ts', 'latin1')], true);
    expect(line.args).toEqual(['tsc.js', 'a.ts']);
    expect(line.unpassable).toEqual(['b\uFFFD.ts']);
  });
});
