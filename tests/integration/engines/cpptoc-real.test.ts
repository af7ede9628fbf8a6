import { execa } from 'execa';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDiagnostics } from '../../../main/registry/diagnostics';
import { PROBLEMS_STATUS } from '../../../main/registry/diagnostics/outcome';
import { findOnPath } from '../../../main/registry/path-lookup';
import { EngineBench } from './harness';

// The REAL cpptoc (o2alexanderfedin/cpp-to-c-transpiler), end to end through the registry, the runner in its sandbox
// and the verdict, compared with the same binary run directly on the same files. It is not packaged anywhere Hapyy's
// machines install from (it needs a 25-minute LLVM build), so without it on PATH (or HAPYY_CPPTOC) these tests are
// reported as skipped, never as passed; the stand-in tests cover the adapter meanwhile.
const CPPTOC = process.env.HAPYY_CPPTOC ?? (await findOnPath('cpptoc', { pathEnv: process.env.PATH ?? '', platform: process.platform }));

/** What the real cpptoc writes when run directly, as `output/<path> <size>`, sorted. */
async function listing(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const full = join(e.parentPath, e.name);
    out.push(`output/${relative(dir, full)} ${(await stat(full)).size}`);
  }
  return out.sort();
}

describe.skipIf(!CPPTOC)(CPPTOC ? 'cpptoc, for real' : 'cpptoc, for real — skipped: cpptoc not installed', () => {
  const bench = new EngineBench();
  const scratch: string[] = [];
  beforeAll(() => bench.start({ enginePaths: { 'cpp-to-c-transpiler': CPPTOC as string } }));
  afterAll(async () => {
    await bench.stop();
    await Promise.all(scratch.map((d) => rm(d, { recursive: true, force: true })));
  });

  /** The same command line as the registry's, run directly (outside Hapyy) on the folder. */
  async function direct(folder: string) {
    const out = await mkdtemp(join(tmpdir(), 'hapyy-cpptoc-direct-'));
    scratch.push(out);
    const r = await execa(CPPTOC as string, [`--source-dir=${folder}`, `--output-dir=${out}`, '--', '-std=c++17'], { reject: false, cwd: out });
    return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, files: await listing(out) };
  }

  it('detection reads the LLVM version its --version prints', async () => {
    const tools = await bench.call('tools:list', {});
    const cpp = tools.find((t) => t.tool.id === 'cpp-to-c-transpiler');
    expect(cpp?.engine?.id).toBe('cpptoc');
    const said = await execa(CPPTOC as string, ['--version'], { reject: false });
    expect(said.stdout).toContain(`LLVM version ${cpp?.engine?.version ?? '(none)'}`);
  });

  it('a clean project: exit 0, the file pairs it writes, as when run directly', async () => {
    const folder = await bench.project({
      'main.cpp': '#include "geom/point.h"\n\nint twice(int v) { return 2 * v; }\n\nint main() {\n  Point p{3, -4};\n  return twice(p.manhattan()) == 14 ? 0 : 1;\n}\n',
      'geom/point.h': '#pragma once\nstruct Point {\n  int x;\n  int y;\n  int manhattan() const;\n};\n',
      'geom/point.cpp': '#include "point.h"\n\nint Point::manhattan() const { return (x < 0 ? -x : x) + (y < 0 ? -y : y); }\n',
    });
    const truth = await direct(folder);
    expect(truth.exitCode).toBe(0);
    const { record, diagnostics } = await bench.run('cpp-to-c-transpiler', folder);
    expect(record.exitCode).toBe(0);
    expect(diagnostics).toEqual([]);
    const produced = record.filesProduced.filter((f) => f.origin === 'output').map((f) => `${f.path} ${f.size}`).sort();
    expect(produced).toEqual(truth.files);
    expect(produced.map((p) => p.split(' ')[0])).toEqual(['output/geom/point.c', 'output/geom/point.h', 'output/main.c', 'output/main.h']);
    // Release 2.21.0 translates nothing yet (each file holds only `#pragma once` or its `#include`), and Hapyy says so.
    expect(record.status).toBe('failed');
    expect(record.message).toBe('cpptoc wrote 4 files with no code in them (only #pragma once, #include lines or nothing).');
  });

  it('two syntax errors: exit 0 from cpptoc, yet "reported 2 errors in main.cpp" with the lines clang gave', async () => {
    const folder = await bench.project({ 'main.cpp': 'int twice(int v) { return 2 * v }\n\nint main() {\n  int x = twice(3)\n  return x == 6 ? 0 : 1;\n}\n' });
    const truth = await direct(folder);
    const said = parseDiagnostics('clang', truth.stderr, folder, 'stderr');
    expect(said.map((d) => `${d.line}:${d.column}:${d.severity}`)).toEqual(['1:32:error', '4:19:error']);

    const { record, diagnostics } = await bench.run('cpp-to-c-transpiler', folder);
    expect(record.exitCode).toBe(truth.exitCode);
    expect(record.exitCode).toBe(0);
    expect(record.status).toBe(PROBLEMS_STATUS);
    expect(record.message).toBe('cpptoc reported 2 errors in main.cpp. It wrote 2 files with no code in them (only #pragma once, #include lines or nothing).');
    expect(diagnostics).toEqual(said);
  });

  it('a crash inside cpptoc (it segfaults on <vector> here): exit 139 and its banner are the engine failing', async () => {
    const folder = await bench.project({ 'main.cpp': '#include <vector>\n\nint main() {\n  std::vector<int> v{1, 2, 3};\n  return v.size() == 3 ? 0 : 1;\n}\n' });
    const truth = await direct(folder);
    expect(truth.exitCode).toBe(139);
    expect(truth.stderr).toContain('!!! CRITICAL: Exiting due to segfault !!!');
    const { record } = await bench.run('cpp-to-c-transpiler', folder);
    expect(record).toMatchObject({ status: 'failed', exitCode: 139 });
    expect(record.message).toBe('cpptoc crashed (segmentation fault, exit 139) while translating — this is a bug in the engine; the log has its last lines.');
  });

  it('no C++ sources: exit 1 with its own words', async () => {
    const folder = await bench.project({ 'only.h': 'int f(void);\n' });
    const { record } = await bench.run('cpp-to-c-transpiler', folder);
    expect(record).toMatchObject({ status: 'failed', exitCode: 1 });
    expect(record.message).toMatch(/^cpptoc failed with exit code 1: Warning: No C\+\+ source files \(\.cpp, \.cxx, \.cc\) found in \/.+\/input\.$/);
  });
});
