import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CompareResultSchema } from '../../../shared/compare';
import { DiagnosticSchema } from '../../../shared/wire/diagnostics';
import { fingerprintRun, FINGERPRINT_KEY } from '../../../main/results/compare';
import { cli, ROOT, runRecords, useTempDirs } from './helpers';

const MULTITOOL = join(ROOT, 'node_modules', '.bin', 'sarif-multitool');

const tempDir = useTempDirs();

// The scenario, through the real `hapyy` executable: every finding is ShellCheck's SC2086 with one message.
const V1 = ['#!/bin/bash', 'fixed=$1 kept=$2 moved=$3', 'echo $fixed', 'echo $kept', 'true', 'echo $moved', ''].join('\n');
const filler = Array.from({ length: 9 }, (_, i) => `# filler ${i + 1}`);
const V2 = ['#!/bin/bash', 'fixed=$1 kept=$2 moved=$3 added=$4', 'echo "$fixed"', 'echo $kept', 'true', ...filler, 'echo $added', 'echo $moved', ''].join('\n');
/** V2 without the new problem: it only fixed one and moved one. */
const V3 = ['#!/bin/bash', 'fixed=$1 kept=$2 moved=$3', 'echo "$fixed"', 'echo $kept', 'true', ...filler, 'true', 'echo $moved', ''].join('\n');

function project(parent: string, name: string, script: string): string {
  const dir = join(parent, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'deploy.sh'), script);
  return dir;
}

describe('hapyy run --baseline and hapyy compare', () => {
  it('baseline from a run id: exit 1 with a new problem, 0 when the change only fixed or kept old ones', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const base = await cli(['run', 'bash-verification', project(dir, 'v1', V1), '--data-dir', dataDir]);
    expect(base.exitCode, base.stderr).toBe(1);
    const [v1] = runRecords(dataDir);
    expect(v1?.diagnostics?.info).toBe(3);

    const worse = await cli(['run', 'bash-verification', project(dir, 'v2', V2), '--baseline', v1!.jobId, '--data-dir', dataDir]);
    expect(worse.exitCode, worse.stderr).toBe(1);
    expect(worse.stdout).toContain(`against baseline ${v1!.jobId}: 1 new, 1 fixed, 2 unchanged`);
    expect(worse.stdout).toMatch(/new: deploy\.sh:15:6: info SC2086: /);
    expect(worse.stdout).toMatch(/fixed: deploy\.sh:3:6: info SC2086: /);

    const better = await cli(['run', 'bash-verification', project(dir, 'v3', V3), '--baseline', v1!.jobId, '--data-dir', dataDir, '--json']);
    expect(better.exitCode, better.stderr).toBe(0);
    const events = better.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; payload: Record<string, unknown[]> });
    const verdict = events.find((e) => e.event === 'baseline')!.payload;
    expect([verdict.new?.length, verdict.fixed?.length, verdict.unchanged?.length]).toEqual([0, 1, 2]);
    expect(events.filter((e) => e.event === 'job:finished')).toHaveLength(1);

    // Without a baseline the same run still exits 1: it has problems.
    const plain = await cli(['run', 'bash-verification', join(dir, 'v3'), '--data-dir', dataDir]);
    expect(plain.exitCode).toBe(1);

    // compare, human and JSON
    const v2 = runRecords(dataDir).find((r) => r.project.name === 'v2')!;
    const human = await cli(['compare', v1!.jobId, v2.jobId, '--data-dir', dataDir]);
    expect(human.exitCode, human.stderr).toBe(0);
    expect(human.stdout).toContain('Problems: 1 new, 1 fixed, 2 unchanged');
    expect(human.stdout).toMatch(/engine\s+ShellCheck \S+\s+ShellCheck \S+/);
    const json = await cli(['compare', v1!.jobId, v2.jobId, '--data-dir', dataDir, '--json']);
    const result = CompareResultSchema.parse(JSON.parse(json.stdout));
    expect(result.problems.unchanged.map((p) => [p.a?.line, p.b?.line]).sort()).toEqual([
      [4, 4],
      [6, 16],
    ]);
    const missing = await cli(['compare', v1!.jobId, 'no-such-run', '--data-dir', dataDir]);
    expect(missing.exitCode).toBe(3);
    expect(missing.stderr).toMatch(/no run “no-such-run”/);
  });

  it('--baseline with --sarif writes baselineState (new, unchanged, and the fixed one as absent), valid SARIF', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    await cli(['run', 'bash-verification', project(dir, 'v1', V1), '--data-dir', dataDir]);
    const [v1] = runRecords(dataDir);
    const file = join(dir, 'v2.sarif');
    const r = await cli(['run', 'bash-verification', project(dir, 'v2', V2), '--baseline', v1!.jobId, '--sarif', file, '--data-dir', dataDir]);
    expect(r.exitCode, r.stderr).toBe(1);
    const sarif = JSON.parse(readFileSync(file, 'utf8')) as {
      runs: { results: { baselineState?: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[]; invocations: { executionSuccessful: boolean }[] }[];
    };
    const [run] = sarif.runs;
    const states = (run?.results ?? []).map((x) => `${x.baselineState}@${x.locations[0]?.physicalLocation.region.startLine}`).sort();
    expect(states).toEqual(['absent@3', 'new@15', 'unchanged@16', 'unchanged@4']);
    // Finding problems is a successful execution of the tool.
    expect(run?.invocations[0]?.executionSuccessful).toBe(true);

    const report = join(dir, 'validation.sarif');
    const v = await execa(MULTITOOL, ['validate', file, '--output', report], { reject: false });
    expect(v.exitCode, v.stdout + v.stderr).toBe(0);
    const validation = JSON.parse(readFileSync(report, 'utf8')) as { runs: { results?: { level?: string }[] }[] };
    const problems = (validation.runs[0]?.results ?? []).filter((x) => (x.level ?? 'warning') !== 'note' && x.level !== 'none');
    expect(problems, v.stdout).toEqual([]);
  });

  it('baseline from a SARIF file carrying Hapyy fingerprints; a file that is not SARIF is a usage error', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    await cli(['run', 'bash-verification', project(dir, 'v1', V1), '--data-dir', dataDir]);
    const [v1] = runRecords(dataDir);
    // The SARIF a previous CI run would have written: results with ruleId, message, location and our fingerprint.
    const runDir = join(dataDir, 'runs', v1!.jobId);
    const { readFileSync } = await import('node:fs');
    const diagnostics = DiagnosticSchema.array().parse(JSON.parse(readFileSync(join(runDir, 'diagnostics.json'), 'utf8')));
    const fp = await fingerprintRun(runDir, diagnostics);
    const sarif = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'ShellCheck' } },
          results: diagnostics.map((d) => ({
            ruleId: d.code,
            level: 'note',
            message: { text: d.message },
            locations: [{ physicalLocation: { artifactLocation: { uri: d.file }, region: { startLine: d.line, startColumn: d.column } } }],
            partialFingerprints: { [FINGERPRINT_KEY]: fp.fingerprints.get(d) },
          })),
        },
      ],
    };
    const sarifFile = join(dir, 'baseline.sarif');
    writeFileSync(sarifFile, JSON.stringify(sarif));
    const r = await cli(['run', 'bash-verification', project(dir, 'v2', V2), '--baseline', sarifFile, '--data-dir', dataDir]);
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stdout).toContain('1 new, 1 fixed, 2 unchanged');

    const junk = join(dir, 'junk.sarif');
    writeFileSync(junk, '{"not":"sarif"}');
    const bad = await cli(['run', 'bash-verification', join(dir, 'v2'), '--baseline', junk, '--data-dir', dataDir]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/is not a SARIF file/);
    const unknown = await cli(['run', 'bash-verification', join(dir, 'v2'), '--baseline', 'no-such-run', '--data-dir', dataDir]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/neither a run in the history/);
    expect(runRecords(dataDir)).toHaveLength(2);
  });
});
