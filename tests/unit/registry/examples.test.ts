import { access } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplePath, listExamples } from '../../../main/registry/examples';
import { AppError } from '../../../shared/errors';
import { ExampleSchema } from '../../../shared/projects';
import { BUILTIN_TOOLS } from '../../../shared/tools';
import { EXAMPLES_DIR, treeHash } from './helpers';

describe('bundled examples', () => {
  let before: string;
  beforeAll(async () => {
    before = await treeHash(EXAMPLES_DIR);
  });
  afterAll(async () => {
    // Listing and locating examples never writes to them.
    expect(await treeHash(EXAMPLES_DIR)).toBe(before);
  });

  it('has at least two examples for every built-in tool, with unique ids and a one-line description', async () => {
    const list = await listExamples(EXAMPLES_DIR);
    for (const tool of BUILTIN_TOOLS) {
      expect(list.filter((e) => e.toolId === tool.id).length, tool.id).toBeGreaterThanOrEqual(2);
    }
    expect(new Set(list.map((e) => e.id)).size).toBe(list.length);
    for (const e of list) {
      expect(ExampleSchema.safeParse(e).success).toBe(true);
      expect(e.description).not.toMatch(/\n/);
    }
    expect(list.map((e) => e.id)).toEqual(expect.arrayContaining(['bash-quoting-bugs', 'ts-type-error', 'cpp2c-linked-list']));
  });

  it('every example holds source files of its tool', async () => {
    const ext: Record<string, string> = {
      'cpp-to-c-transpiler': '.cpp',
      'cpp-to-rust-transpiler': '.cpp',
      'csharp-verification': '.cs',
      'java-verification': '.java',
      'rust-verification': '.rs',
      'python-linter': '.py',
      'typescript-linter': '.ts',
      'bash-verification': '.sh',
    };
    const { fdir } = await import('fdir');
    for (const e of await listExamples(EXAMPLES_DIR)) {
      const files = await new fdir().withRelativePaths().crawl(await examplePath(EXAMPLES_DIR, e.id)).withPromise();
      expect(files.some((f) => f.endsWith(ext[e.toolId] ?? '?')), e.id).toBe(true);
    }
  });

  it('locates an example by id', async () => {
    const dir = await examplePath(EXAMPLES_DIR, 'bash-quoting-bugs');
    expect(dir).toBe(path.join(EXAMPLES_DIR, 'bash-verification', 'bash-quoting-bugs'));
    await access(path.join(dir, 'backup.sh'));
  });

  it.each(['../x', '..', 'bash-verification/bash-quoting-bugs', '/etc', 'nope-not-here', '', '.hidden', 'BASH-QUOTING-BUGS', 'a\0b', 'bash-verification'])(
    'rejects %j as not found',
    async (id) => {
      const err = await examplePath(EXAMPLES_DIR, id).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('not-found');
    },
  );

  it('lists nothing from a folder that does not exist', async () => {
    expect(await listExamples(path.join(EXAMPLES_DIR, 'no-such-folder'))).toEqual([]);
  });
});
