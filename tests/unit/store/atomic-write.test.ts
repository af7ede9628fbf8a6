import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../main/store';
import { useTempDirs } from './helpers';

const tempDir = useTempDirs();
const fail = (code: string) => Object.assign(new Error(`simulated ${code}`), { code });

describe('writeFileAtomic', () => {
  it('creates and replaces a file, leaving no temporary behind', async () => {
    const dir = tempDir();
    const file = join(dir, 'a.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, new TextEncoder().encode('two'));
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it('durable: false writes the same file atomically without an fsync; the default fsyncs the file and its folder', async () => {
    const dir = tempDir();
    const file = join(dir, 'a.json');
    const { open } = await import('node:fs/promises');
    let syncs = 0;
    // Real handles whose sync is counted.
    const counting = {
      open: async (p: string, flags: string, mode?: number) => {
        const h = await open(p, flags, mode);
        return Object.assign(Object.create(h) as typeof h, {
          writeFile: (d: string | Uint8Array) => h.writeFile(d),
          sync: () => ((syncs += 1), h.sync()),
          close: () => h.close(),
        });
      },
    };
    await writeFileAtomic(file, 'fast', counting, { durable: false });
    expect(readFileSync(file, 'utf8')).toBe('fast');
    expect(syncs).toBe(0);
    await writeFileAtomic(file, 'durable', counting);
    expect(readFileSync(file, 'utf8')).toBe('durable');
    expect(syncs).toBe(2);
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it('a failed rename leaves the old file intact and removes the temporary', async () => {
    const dir = tempDir();
    const file = join(dir, 'a.json');
    writeFileSync(file, 'old');
    await expect(writeFileAtomic(file, 'new', { rename: () => Promise.reject(fail('EIO')) })).rejects.toThrow('simulated EIO');
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it('a write that fails half-way leaves the old file intact', async () => {
    const dir = tempDir();
    const file = join(dir, 'a.json');
    writeFileSync(file, 'old');
    const { open } = await import('node:fs/promises');
    await expect(
      writeFileAtomic(file, 'x'.repeat(1000), {
        // A real handle on the temporary, whose write stores part of the data and then fails (a full disk).
        open: async (p, flags, mode) => {
          const h = await open(p, flags, mode);
          return Object.assign(Object.create(h) as typeof h, {
            writeFile: async () => {
              await h.write('x'.repeat(10));
              throw fail('ENOSPC');
            },
            close: () => h.close(),
          });
        },
      }),
    ).rejects.toThrow('simulated ENOSPC');
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it('a writer killed with SIGKILL mid-stream never leaves a partial file', async () => {
    const dir = tempDir();
    const file = join(dir, 'big.txt');
    const size = 4 * 1024 * 1024;
    writeFileSync(file, 'A'.repeat(size));
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, 'fixtures/writer.ts'), file, String(size)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // Let it complete a few writes, then kill it in the middle of whatever it is doing.
    await new Promise<void>((res, rej) => {
      let seen = 0;
      child.stdout.on('data', (b: Buffer) => {
        seen += b.toString().split('\n').filter(Boolean).length;
        if (seen >= 3) res();
      });
      child.on('exit', () => rej(new Error('writer exited early')));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const content = readFileSync(file, 'utf8');
    expect(content.length).toBe(size);
    expect(new Set(content).size).toBe(1);
  });
});
