import { describe, expect, it } from 'vitest';
import { parseProcCgroup } from '../../../main/runner/cgroups';
import { parseStat } from '../../../main/runner/linux-procs';
import { outcomeMessage, type MessageContext } from '../../../main/runner/messages';

describe('parseStat', () => {
  it('reads fields after a command name holding spaces and parentheses', () => {
    const stat = '4242 (my (odd) tool) S 17 4242 4242 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 987654 1000 200 18446744073709551615';
    expect(parseStat(stat)).toEqual({ pid: 4242, comm: 'my (odd) tool', state: 'S', ppid: 17, pgid: 4242, startTime: 987654 });
  });
  it('rejects garbage', () => {
    expect(parseStat('nonsense')).toBeNull();
  });
});

describe('parseProcCgroup', () => {
  it('reads v1 controllers and the v2 path', () => {
    const r = parseProcCgroup('9:name=systemd:/\n8:pids:/\n4:memory:/a/b\n2:cpu,cpuacct:/c\n0::/user.slice/app.scope\n');
    expect(r.v1.get('memory')).toBe('/a/b');
    expect(r.v1.get('pids')).toBe('/');
    expect(r.v1.get('cpuacct')).toBe('/c');
    expect(r.v2).toBe('/user.slice/app.scope');
  });
});

describe('outcomeMessage', () => {
  const base: MessageContext = {
    status: 'completed',
    stopReason: null,
    exitCode: 0,
    signal: null,
    timeoutMs: 60_000,
    logBytes: 50 * 1024 * 1024,
    memoryBytes: 2 * 1024 ** 3,
    processes: 512,
    fileWriteBytes: 1024 ** 3,
    writeBytes: 2 * 1024 ** 3,
  };
  it('says each outcome in plain words', () => {
    expect(outcomeMessage(base)).toBe('The tool finished without problems.');
    expect(outcomeMessage({ ...base, status: 'failed', exitCode: 2 })).toBe('The tool exited with code 2.');
    expect(outcomeMessage({ ...base, status: 'timeout', stopReason: 'timeout' })).toBe('The tool ran past its 60 s limit and was stopped.');
    expect(outcomeMessage({ ...base, status: 'output-limit', stopReason: 'output-limit' })).toBe('The tool wrote more than 50 MB of output and was stopped.');
    expect(outcomeMessage({ ...base, status: 'memory-limit', stopReason: 'memory-limit' })).toBe('The tool used more than 2 GB of memory and was stopped.');
    expect(outcomeMessage({ ...base, status: 'memory-limit' })).toBe('The tool used more than 2 GB of memory and was stopped.');
    expect(outcomeMessage({ ...base, status: 'write-limit', stopReason: 'write-limit' })).toBe('The tool wrote more than 2 GB to its run folder and was stopped.');
    expect(outcomeMessage({ ...base, status: 'cancelled', stopReason: 'cancelled' })).toBe('The run was cancelled.');
    expect(outcomeMessage({ ...base, status: 'failed', stopReason: 'process-limit' })).toBe('The tool started more than 512 processes and was stopped.');
    expect(outcomeMessage({ ...base, status: 'failed', exitCode: null, signal: 'SIGXFSZ' })).toBe('The tool tried to write a file larger than 1 GB and was stopped.');
    expect(outcomeMessage({ ...base, status: 'error', startProblem: '/x was not found' })).toBe('The tool could not be started: /x was not found.');
  });
});
