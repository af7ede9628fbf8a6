import { describe, expect, it } from 'vitest';
import { loadCustomTools } from '../../../main/registry/custom';

const valid = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Tool ${id}`,
  category: 'linter',
  sourceLanguage: 'python',
  command: 'mylint',
  ...extra,
});

describe('custom tools', () => {
  it('rejects a bad entry naming the field, and still loads the others', () => {
    const { tools, problems } = loadCustomTools([valid('first'), valid('second', { timeoutSec: 'soon' }), valid('third')]);
    expect(tools.map((t) => t.id)).toEqual(['first', 'third']);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe('customTools[1].timeoutSec');
    expect(problems[0]?.message).toMatch(/number/i);
  });

  it('names unknown keys, nested fields, non-objects, built-in and duplicate ids', () => {
    const { tools, problems } = loadCustomTools([
      valid('ok-one'),
      { ...valid('extra'), colour: 'red' },
      valid('bad-arg', { args: ['{input}', 42] }),
      'not an object',
      valid('bash-verification'),
      valid('ok-one', { name: 'Again' }),
      valid('Bad_Id'),
    ]);
    expect(tools.map((t) => t.id)).toEqual(['ok-one']);
    const fields = problems.map((p) => p.field);
    expect(fields).toEqual([
      'customTools[1].colour',
      'customTools[2].args[1]',
      'customTools[3]',
      'customTools[4].id',
      'customTools[5].id',
      'customTools[6].id',
    ]);
    expect(problems[3]?.message).toMatch(/built-in/);
    expect(problems[4]?.message).toMatch(/duplicate id "ok-one".*customTools\[0\]/);
  });

  it('turns a valid entry into a tool with one executable engine and no version probe', () => {
    const { tools } = loadCustomTools([valid('mine', { args: ['--in', '{input}', '--out', '{output}'], timeoutSec: 30 })]);
    const t = tools[0];
    expect(t?.custom).toBe(true);
    expect(t?.execution.engines[0]).toMatchObject({ kind: 'executable', commands: ['mylint'], versionArgs: [] });
    expect(t?.execution.defaultTimeoutSec).toBe(30);
  });

  it('never throws on garbage', () => {
    expect(() => loadCustomTools([null, undefined, 1, [], {}, { id: {} }])).not.toThrow();
    expect(loadCustomTools([null, {}]).tools).toEqual([]);
  });
});

describe('custom tools: how their findings and exits are read', () => {
  const engine = (extra: Record<string, unknown>) => loadCustomTools([valid('tx', extra)]).tools[0]?.execution.engines[0];

  it('plain text by default; clang-style lines from either stream; SARIF from stdout or a {report}', () => {
    expect(engine({})).toMatchObject({ diagnostics: 'none', problemExitCodes: [1], requireOutput: false });
    expect(engine({ diagnostics: 'clang' })).toMatchObject({ diagnostics: 'clang', diagnosticsFrom: 'both' });
    expect(engine({ diagnostics: 'sarif', args: ['--sarif', '{report}', '{input}'] })).toMatchObject({ diagnostics: 'sarif', diagnosticsFrom: 'stdout' });
    expect(loadCustomTools([valid('tx', { diagnostics: 'hapyy-jsonl' })]).problems[0]?.field).toBe('customTools[0].diagnostics');
  });

  it('a transpiler needs a non-empty output unless told otherwise; problem exit codes are its own', () => {
    expect(engine({ category: 'transpiler' })).toMatchObject({ requireOutput: true });
    expect(engine({ category: 'transpiler', requireOutput: false })).toMatchObject({ requireOutput: false });
    expect(engine({ problemExitCodes: [2, 3] })).toMatchObject({ problemExitCodes: [2, 3] });
  });
});
